// Messages of the platform's legal pages and their admin page. French is the reference.
export const legalPagesFr = {
  'footer.legal_notice': 'Mentions légales',
  'footer.privacy': 'Confidentialité',
  'footer.terms': 'Conditions d’utilisation',
  'legal.platform.notice': 'Mentions légales',
  'legal.platform.privacy': 'Politique de confidentialité',
  'legal.platform.terms': 'Conditions d’utilisation',
  'legal.platform.template':
    'Modèle à adapter : l’exploitant de ce serveur n’a pas encore adapté ce texte à sa situation.',
  'legal.platform.updated': 'Mis à jour le {date}',
  'legal.platform.admin_title': 'Pages légales de la plateforme',
  'legal.platform.admin_lead':
    'Adaptez chaque modèle à votre situation. Un texte vide revient au modèle. {{host}} et {{url}} sont remplacés par l’adresse de ce serveur.',
  'legal.platform.adapted': 'Adapté',
  'legal.platform.not_adapted': 'Modèle non adapté',
  'legal.platform.edit': 'Modifier',
  'legal.platform.view': 'Voir',
  'legal.platform.edit_title': '{page} ({language})',
  'legal.platform.body': 'Texte (Markdown simple)',
  'legal.platform.save': 'Enregistrer',
  'legal.platform.saved': 'Texte enregistré.',
  'legal.platform.lang_fr': 'français',
  'legal.platform.lang_en': 'anglais',
} as const;

export const legalPagesEn: Record<keyof typeof legalPagesFr, string> = {
  'footer.legal_notice': 'Legal notice',
  'footer.privacy': 'Privacy',
  'footer.terms': 'Terms of use',
  'legal.platform.notice': 'Legal notice',
  'legal.platform.privacy': 'Privacy policy',
  'legal.platform.terms': 'Terms of use',
  'legal.platform.template':
    'Template to adapt: this server’s operator has not adapted this text to its situation yet.',
  'legal.platform.updated': 'Updated on {date}',
  'legal.platform.admin_title': 'The platform’s legal pages',
  'legal.platform.admin_lead':
    'Adapt each template to your situation. An empty text goes back to the template. {{host}} and {{url}} become this server’s address.',
  'legal.platform.adapted': 'Adapted',
  'legal.platform.not_adapted': 'Template not adapted',
  'legal.platform.edit': 'Edit',
  'legal.platform.view': 'View',
  'legal.platform.edit_title': '{page} ({language})',
  'legal.platform.body': 'Text (simple Markdown)',
  'legal.platform.save': 'Save',
  'legal.platform.saved': 'Text saved.',
  'legal.platform.lang_fr': 'French',
  'legal.platform.lang_en': 'English',
};
