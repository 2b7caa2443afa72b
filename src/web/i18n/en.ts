import type { Messages } from './fr';

export const en: Messages = {
  'app.name': 'Comptoir',
  'app.tagline': 'The social network where you buy from the brands you love',
  'nav.home': 'Home',
  'nav.local': 'Local feed',
  'nav.notifications': 'Notifications',
  'nav.profile': 'Profile',
  'nav.settings': 'Settings',
  'nav.login': 'Log in',
  'nav.signup': 'Sign up',
  'nav.logout': 'Log out',
  'nav.skip': 'Skip to content',
  'error.title': 'Something went wrong',
  'error.not_found': 'Page not found',
};
