// The listening module's public face: search (search/) and watches, alerts, dashboards (watches/).
export * from './search';
export * from './watches';
