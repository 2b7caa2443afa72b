// Places: the words of badges', mayors', specials' and tips' notices (notifications, the moderation
// console). Badge names live with their rules (badges.ts). French is the reference; en must match.
export const placesFunFr = {
  'place.notification.mayor_gained': 'Vous êtes maintenant maire de ce lieu.',
  'place.notification.mayor_lost': '{name} vous a pris la place de maire.',
  'place.notification.mayor_lost_quiet': 'Vous n’êtes plus maire de ce lieu.',
  'mod.type.tip': 'Conseil sur un lieu',
  'mod.notification.tip_published': 'Votre conseil sur un lieu a été publié.',
  'mod.notification.tip_rejected': 'Votre conseil sur un lieu a été refusé : {reason}.',
  'watch.item.checkin': 'Check-in',
  'watch.item.tip': 'Conseil sur un lieu',
};

export const placesFunEn: Record<keyof typeof placesFunFr, string> = {
  'place.notification.mayor_gained': 'You are now the mayor of this place.',
  'place.notification.mayor_lost': '{name} took your place as mayor.',
  'place.notification.mayor_lost_quiet': 'You are no longer the mayor of this place.',
  'mod.type.tip': 'Tip about a place',
  'mod.notification.tip_published': 'Your tip about a place was published.',
  'mod.notification.tip_rejected': 'Your tip about a place was rejected: {reason}.',
  'watch.item.checkin': 'Check-in',
  'watch.item.tip': 'Tip about a place',
};
