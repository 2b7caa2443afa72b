// Numbered limited editions: the product page's block, order lines and certificates.
export const editionsFr = {
  'edition.size.label': 'Édition limitée numérotée (exemplaires)',
  'edition.size.hint': 'Vide : pas d’édition. Chaque exemplaire payé reçoit le numéro suivant, de 1 au total.',
  'edition.block.title': 'Édition limitée',
  'edition.block.line':
    'Édition limitée de {size, plural, one {# exemplaire numéroté} other {# exemplaires numérotés}} · {sold, plural, =0 {aucun vendu} one {# vendu} other {# vendus}}{withdrawn, plural, =0 {} one { · # retiré} other { · # retirés}}',
  'edition.block.withdrawn_hint': 'Un numéro retiré (commande annulée ou remboursée) n’est jamais redonné.',
  'edition.numbers': 'n° {numbers}',
  'edition.number_of': 'n° {number} / {size}',
  'edition.certificate.link': 'Certificat',
  'edition.certificate.title': 'Certificat d’authenticité',
  'edition.certificate.heading': 'Certificat d’authenticité · {product}',
  'edition.certificate.text':
    'Cet exemplaire porte le numéro {number} d’une édition limitée de {size} exemplaires numérotés.',
  'edition.certificate.brand': 'Édité par',
  'edition.certificate.owner': 'Acquis par',
  'edition.certificate.date': 'Date d’acquisition',
  'edition.certificate.order': 'Commande',
  'edition.certificate.withdrawn': 'Ce numéro a été retiré (commande annulée ou remboursée).',
};
export const editionsEn: Record<keyof typeof editionsFr, string> = {
  'edition.size.label': 'Numbered limited edition (units)',
  'edition.size.hint': 'Empty: no edition. Each paid unit gets the next number, from 1 to the total.',
  'edition.block.title': 'Limited edition',
  'edition.block.line':
    'Limited edition of {size, plural, one {# numbered unit} other {# numbered units}} · {sold, plural, =0 {none sold} other {# sold}}{withdrawn, plural, =0 {} other { · # withdrawn}}',
  'edition.block.withdrawn_hint': 'A withdrawn number (cancelled or refunded order) is never given again.',
  'edition.numbers': 'No. {numbers}',
  'edition.number_of': 'No. {number} / {size}',
  'edition.certificate.link': 'Certificate',
  'edition.certificate.title': 'Certificate of authenticity',
  'edition.certificate.heading': 'Certificate of authenticity · {product}',
  'edition.certificate.text': 'This piece bears number {number} of a limited edition of {size} numbered units.',
  'edition.certificate.brand': 'Published by',
  'edition.certificate.owner': 'Acquired by',
  'edition.certificate.date': 'Date of acquisition',
  'edition.certificate.order': 'Order',
  'edition.certificate.withdrawn': 'This number was withdrawn (cancelled or refunded order).',
};
