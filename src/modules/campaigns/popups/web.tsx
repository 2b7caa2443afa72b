export const popupPages: import("../../../http/app").RouteModule = () => {};
