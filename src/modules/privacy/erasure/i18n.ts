// "Delete my account" messages. French is the reference; en must match.
export const erasureFr = {
  'erase.title': 'Supprimer mon compte',
  'erase.lead':
    'La suppression est immédiate et irréversible : ni vous ni l’équipe de la plateforme ne pourrez la défaire.',
  'erase.what_goes': 'Ce qui est supprimé',
  'erase.goes.profile': 'votre profil, votre nom, votre photo, votre adresse e-mail et votre mot de passe ;',
  'erase.goes.posts': 'vos publications et leurs médias, vos abonnements et abonnés, listes, favoris et signets ;',
  'erase.goes.reviews': 'vos avis (retirés des pages), vos questions, sujets, réponses, check-ins et conseils ;',
  'erase.goes.private':
    'vos adresses, moyens de paiement, paniers, notifications, et le texte de vos messages aux marques (remplacé par « [deleted] ») ;',
  'erase.goes.sessions': 'vos sessions et les accès donnés aux applications (vous êtes déconnecté partout).',
  'erase.what_stays': 'Ce que la loi oblige à garder',
  'erase.stays.orders':
    'Vos commandes restent chez chaque marque pendant 10 ans (article L123-22 du code de commerce) pour ses factures : les articles, les montants, la TVA, le nom et l’adresse de facturation et de livraison. Vous y apparaissez comme « Compte supprimé ».',
  'erase.stays.brands':
    'Chaque marque concernée est prévenue de votre demande pour l’appliquer dans ses propres outils.',
  'erase.owner_blocked':
    'Vous êtes le dernier propriétaire de {brands} : donnez-lui un autre propriétaire avant de supprimer votre compte.',
  'erase.password': 'Votre mot de passe, pour confirmer',
  'erase.submit': 'Supprimer définitivement mon compte',
  'erase.cancel': 'Annuler',
  'erase.invalid_password': 'Le mot de passe est incorrect.',
  'erase.too_many': 'Trop d’essais : réessayez dans une heure.',
  'erase.done_title': 'Votre compte est supprimé',
  'erase.done_lead':
    'Vous êtes déconnecté. Vos données personnelles sont en cours d’effacement ; les marques auprès desquelles vous avez commandé en sont informées.',
  'erase.done_home': 'Retour à l’accueil',
  'erase.deleted_account': 'Compte supprimé',
  'settings.delete_account': 'Supprimer mon compte',
};

export const erasureEn: Record<keyof typeof erasureFr, string> = {
  'erase.title': 'Delete my account',
  'erase.lead': 'Deletion is immediate and irreversible: neither you nor the platform’s team can undo it.',
  'erase.what_goes': 'What is deleted',
  'erase.goes.profile': 'your profile, your name, your picture, your e-mail address and your password;',
  'erase.goes.posts': 'your posts and their media, your follows and followers, lists, favourites and bookmarks;',
  'erase.goes.reviews': 'your reviews (withdrawn from the pages), your questions, topics, replies, check-ins and tips;',
  'erase.goes.private':
    'your addresses, payment methods, carts, notifications, and the text of your messages to brands (replaced by “[deleted]”);',
  'erase.goes.sessions': 'your sessions and the access given to apps (you are signed out everywhere).',
  'erase.what_stays': 'What the law requires to keep',
  'erase.stays.orders':
    'Your orders stay with each brand for 10 years (article L123-22 of the French commercial code) for its invoices: the items, amounts, VAT, the billing and shipping name and address. You appear there as “Deleted account”.',
  'erase.stays.brands': 'Each brand concerned is told of your request so it applies it in its own tools.',
  'erase.owner_blocked': 'You are the last owner of {brands}: give it another owner before deleting your account.',
  'erase.password': 'Your password, to confirm',
  'erase.submit': 'Delete my account for good',
  'erase.cancel': 'Cancel',
  'erase.invalid_password': 'The password is wrong.',
  'erase.too_many': 'Too many tries: try again in an hour.',
  'erase.done_title': 'Your account is deleted',
  'erase.done_lead': 'You are signed out. Your personal data is being erased; the brands you ordered from are told.',
  'erase.done_home': 'Back to the home page',
  'erase.deleted_account': 'Deleted account',
  'settings.delete_account': 'Delete my account',
};
