// Account migration's settings page (/settings/migration). French is the reference; en must match.
export const movesFr = {
  'settings.migration': 'Déménagement',
  'move.title': 'Déménager sur un autre serveur',
  'move.lead':
    'Vos abonnés peuvent vous suivre sur un autre serveur du fédiverse (Mastodon ou un autre Comptoir). Le nouveau compte doit d’abord nommer celui-ci parmi ses alias.',
  'move.aliases': 'Mes autres comptes (alias)',
  'move.aliases_lead':
    'Pour venir ici depuis un autre serveur, ajoutez votre ancien compte : son serveur acceptera alors le déménagement.',
  'move.no_aliases': 'Aucun alias pour l’instant.',
  'move.acct': 'Compte (nom@serveur)',
  'move.add_alias': 'Ajouter l’alias',
  'move.remove_alias': 'Retirer',
  'move.move': 'Déménager ce compte',
  'move.move_lead':
    'Votre profil indiquera votre nouvelle adresse et vos abonnés sur d’autres serveurs seront invités à la suivre.',
  'move.target': 'Nouveau compte (nom@serveur)',
  'move.submit': 'Déménager',
  'move.moved_to': 'Ce compte a déménagé vers {acct}.',
  'move.saved_alias': 'Alias ajouté.',
  'move.removed_alias': 'Alias retiré.',
  'move.done': 'Déménagement envoyé à vos abonnés.',
  'move.error.invalid_handle': 'Écrivez le compte sous la forme nom@serveur.',
  'move.error.local_account': 'Ce compte est sur ce serveur-ci.',
  'move.error.account_not_found': 'Aucun compte ne répond à cette adresse.',
  'move.error.too_many_aliases': 'Vous avez atteint le nombre maximal d’alias.',
  'move.error.not_aliased': 'Le nouveau compte doit d’abord nommer celui-ci parmi ses alias.',
  'move.error.other': 'Cela n’a pas fonctionné, réessayez.',
};

export const movesEn: Record<keyof typeof movesFr, string> = {
  'settings.migration': 'Moving',
  'move.title': 'Move to another server',
  'move.lead':
    'Your followers can follow you to another server of the fediverse (Mastodon or another Comptoir). The new account must first name this one among its aliases.',
  'move.aliases': 'My other accounts (aliases)',
  'move.aliases_lead': 'To move here from another server, add your old account: its server will then accept the move.',
  'move.no_aliases': 'No aliases yet.',
  'move.acct': 'Account (name@server)',
  'move.add_alias': 'Add alias',
  'move.remove_alias': 'Remove',
  'move.move': 'Move this account',
  'move.move_lead':
    'Your profile will show your new address and your followers on other servers will be asked to follow it.',
  'move.target': 'New account (name@server)',
  'move.submit': 'Move',
  'move.moved_to': 'This account moved to {acct}.',
  'move.saved_alias': 'Alias added.',
  'move.removed_alias': 'Alias removed.',
  'move.done': 'The move was sent to your followers.',
  'move.error.invalid_handle': 'Write the account as name@server.',
  'move.error.local_account': 'This account is on this server.',
  'move.error.account_not_found': 'No account answers to this address.',
  'move.error.too_many_aliases': 'You reached the largest number of aliases.',
  'move.error.not_aliased': 'The new account must first name this one among its aliases.',
  'move.error.other': 'That did not work, try again.',
};
