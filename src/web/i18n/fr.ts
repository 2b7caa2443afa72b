// French is the reference catalog: English (en.ts) must define every key found here.
export const fr = {
  'app.name': 'Comptoir',
  'app.tagline': 'Le réseau social où l’on achète auprès des marques qu’on aime',
  'nav.home': 'Accueil',
  'nav.local': 'Fil local',
  'nav.notifications': 'Notifications',
  'nav.profile': 'Profil',
  'nav.settings': 'Réglages',
  'nav.login': 'Se connecter',
  'nav.signup': 'Créer un compte',
  'nav.logout': 'Se déconnecter',
  'nav.skip': 'Aller au contenu',
  'error.title': 'Une erreur est survenue',
  'error.not_found': 'Page introuvable',
} as const;

export type Messages = Record<keyof typeof fr, string>;
