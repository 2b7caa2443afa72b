/**
 * Phrase detectors (customer-service requests, advertising) run on the "word line": the folded,
 * decoded words joined by single spaces ("Où est ma commande ?!" -> "ou est ma commande"), so one
 * precompiled regex per weight covers accents, case, punctuation and spacing variants. Matches
 * are mapped back to the original text for evidence.
 */
import type { Token } from './normalize';

/** `line` starts and ends with a space and has exactly one space between words: a word boundary is a space. */
export type WordLine = { line: string; starts: Int32Array; tokens: Token[] };

export function wordLine(tokens: Token[]): WordLine {
  const starts = new Int32Array(tokens.length);
  let line = ' ';
  for (let i = 0; i < tokens.length; i++) {
    starts[i] = line.length;
    line += tokens[i].word;
    line += ' ';
  }
  return { line, starts, tokens };
}

/** Original-text span of a match in the word line. */
export function spanOf(wl: WordLine, from: number, to: number): [number, number] {
  const first = indexAt(wl.starts, from);
  const last = indexAt(wl.starts, Math.max(from, to - 1));
  return [wl.tokens[first].start, wl.tokens[last].end];
}

function indexAt(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export type PhraseRule = { weight: number; re: RegExp };
export type PhraseHit = { weight: number; from: number; to: number };

/**
 * `lines` = alternatives, one per line; compiled to one regex per weight, bounded by the spaces of
 * the word line (cheaper than unicode lookarounds: the line holds nothing but words and spaces).
 */
export function rule(weight: number, lines: string): PhraseRule {
  const alternatives = lines
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { weight, re: new RegExp(` (?:${alternatives.join('|')})(?= )`, 'g') };
}

export function matchRules(line: string, rules: PhraseRule[]): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (const r of rules) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(line); m !== null; m = r.re.exec(line))
      hits.push({ weight: r.weight, from: m.index + 1, to: m.index + m[0].length });
  }
  return hits;
}

/** Independent signals combined: 1 - product of (1 - weight), the strongest counted once per phrase. */
export function noisyOr(weights: number[]): number {
  let miss = 1;
  for (const w of weights) miss *= 1 - w;
  return 1 - miss;
}

// Customer service: a question or a complaint to the brand about an order, not an opinion on the product.
export const CUSTOMER_SERVICE_RULES: PhraseRule[] = [
  rule(
    0.8,
    `ou (?:est|en est|sont) (?:ma|mon|mes|la|le|notre) (?:commande|colis|paquet|livraison|remboursement|article)s?
    (?:pas|jamais|toujours pas|rien) (?:encore )?(?:recu|recue|recus|ete livre|ete livree|ete rembourse|ete remboursee|arrive|arrivee)
    n (?:ai|avons|a) (?:toujours )?(?:pas|jamais|rien) (?:encore )?(?:recu|ete livre|ete livree|ete rembourse|ete remboursee)
    numero de (?:suivi|commande|colis)
    suivi (?:de|du) (?:ma |mon |la |le )?(?:commande|colis)
    (?:demande de |attends (?:mon |le |un )?|veux (?:etre |un )?|voudrais (?:etre |un )?|exige (?:un )?)?rembourse(?:ment|r|z|e|ee|s)?
    rend(?:s|ez)? moi mon argent
    (?:debite|debitee|preleve|prelevee|facture|facturee) (?:deux|2|plusieurs) fois
    (?:charged|billed) (?:twice|two times|double)
    double (?:prelevement|debit|charge)
    (?:envoyez|renvoyez|envoyer|renvoyer|expediez) (?:moi |nous )?(?:le |un |une |la |ma |mon )?(?:remplacement|nouveau|nouvelle|facture|colis|article)
    (?:send|ship|resend) (?:me |us )?(?:the |a |my )?(?:replacement|new one|invoice|package)
    (?:annuler|annulation de) (?:ma|la|mon) (?:commande|abonnement)
    (?:colis|commande|paquet) (?:perdu|perdue|egare|egaree|bloque|bloquee|jamais arrive|jamais arrivee|toujours pas arrive|pas arrive|en retard|retourne)
    (?:retard|probleme) de livraison
    livraison (?:en retard|jamais|toujours pas|non recue|pas recue|annoncee)
    where is my (?:order|package|parcel|refund)
    (?:never|not yet|still not|not|haven t|have not|has not|hasn t|didn t|did not) (?:been )?(?:arrived|received|receive|delivered|shipped|refunded)
    (?:order|package|parcel) (?:never came|is late|is missing|was lost|got lost|is lost|still hasn t|has not)
    tracking (?:number|info|information|link)
    (?:refund|money back|reimburse(?:ment)?)
    cancel (?:my|the) (?:order|subscription)
    return (?:label|request)`,
  ),
  rule(
    0.65,
    `(?:i need|i want|je veux|j ai besoin d|je voudrais|je souhaite|je souhaiterais) (?:a new one|a replacement|un nouveau|une nouvelle|un autre|une autre|un remplacement|un echange|un avoir|un retour|retourner|echanger|renvoyer)
    (?:rappelez|recontactez) moi
    call me back
    give me my money(?: back)?
    (?:recu|received|got|sent|envoye|livre) (?:la |le |les |the |a |an )?(?:mauvaise|mauvais|wrong) (?:couleur|taille|article|produit|reference|modele|color|colour|size|item|product|model|one)?
    (?:says|indique|indiquee|indiques|indiquees|marque|marquee|affiche|affichee|shows|showing|marked|marked as|shown as|listed as) (?:as |comme )?(?:delivered|livre|livree|livres|livrees|distribue|distribuee)
    (?:commande|order) (?:annulee|cancelled|canceled)
    (?:wrong|mauvaise|mauvais) (?:size|colour|color|item|product|model|taille|couleur|article|produit|modele) (?:sent|delivered|received|shipped|envoye|envoyee|livre|livree|recu|recue)
    (?:charged|debite|debitee|preleve|prelevee|paid|paye) (?:but|mais)
    (?:never|not|didn t|did not) (?:got|get|gotten) (?:my|the|a|any)
    comment (?:obtenir|faire|puis je|dois je|proceder pour|on fait pour) (?:un |une |le |la |mon |ma )?(?:retour|echange|avoir|remboursement|renvoyer|retourner|echanger|suivre|annuler)
    what (?:should|do|can) i do
    (?:can|could) i (?:change|cancel|modify|return|exchange|track|get)
    (?:still )?under warranty
    (?:sous|encore sous) garantie
    (?:bloque|bloquee|coince|coincee|stuck|held) (?:en|au|a la|dans|a|in|at) (?:l )?(?:entrepot|douane|depot|point relais|centre de tri|warehouse|customs|depot)
    (?:attends|attend|attendons) (?:toujours |encore )?(?:ma|mon|la|le|notre) (?:commande|colis|livraison|remboursement|paquet)
    que j attends
    (?:mauvaise|wrong) (?:adresse|address)
    (?:il manque|il en manque|manque|manquait|manquent) (?:un |une |des |le |la |les |l |deux |2 |trois |3 )?(?:article|articles|piece|pieces|produit|produits|element|elements|accessoire|accessoires) (?:dans|a) (?:le|mon|ma|la) (?:colis|carton|commande|paquet|livraison)
    (?:missing|absent) (?:from|in) (?:my|the) (?:order|package|parcel|box|delivery)
    (?:how long|combien de temps) (?:does|will|until|did|pour|faut il|prend|met|mettra|avant)
    (?:delai|delais) de (?:livraison|expedition|remboursement|traitement)
    (?:when|quand) (?:will|is|does|sera|serait|arrive|arrivera|partira|est ce que) (?:my |the |i |it |ma |mon |la |le |je |vous )?(?:order|package|parcel|refund|get|receive|be|arrive|ship|shipped|commande|colis|livraison|remboursement|recevoir|expedie|expediee|expedier|livre|livree)
    (?:how|comment) (?:can i|do i|puis je|peut on|pourrais je) (?:contact|reach|joindre|contacter)`,
  ),
  rule(
    0.45,
    `colis
    (?:le|mon) suivi
    (?:un|mon) avoir
    (?:restock|back in stock|reassort|de nouveau disponible|bientot disponible|en rupture)
    (?:about|for|concernant|pour) (?:the|my|le|mon|ma|la) (?:return|retour|refund|remboursement|order|commande|exchange|echange)
    (?:mon adresse|my address) (?:est|c est|is)
    (?:en |tombe en |tombee en )?panne
    garantie
    facture
    (?:pouvez|pourriez) vous
    (?:merci de|svp|s il vous plait) (?:me )?(?:recontacter|rappeler|repondre|contacter|rembourser|renvoyer)
    (?:quand|comment) (?:vais je|est ce que je vais|puis je|pourrai je|dois je|faire pour) (?:recevoir|etre|renvoyer|retourner|obtenir|avoir)
    echange
    (?:faire|demander|demande de) (?:un |le )?retour
    how (?:do|can) i (?:return|get|track|cancel)
    (?:could|can) you (?:please )?(?:help|send|check|tell|contact|refund|replace)
    replacement
    warranty
    (?:my|the) order
    ma commande
    delivery (?:date|time|status)
    (?:stopped|stops|stop) working
    (?:service client|service apres vente|sav|hotline|customer (?:service|support|care))
    impossible de (?:joindre|contacter|avoir)
    personne ne (?:repond|decroche)
    (?:ne|n) (?:repond|repondent|decroche|decrochent) (?:pas|jamais|plus)
    (?:sans|aucune|pas de) (?:reponse|nouvelles)
    (?:never|doesn t|don t|didn t|won t|no one|nobody) (?:answer|answers|answered|reply|replies|replied|respond|responds|responded|picks up)
    contactez nous
    (?:ne|n) (?:s allume|s allument|demarre|charge|fonctionne|marche|marchent|fonctionnent) (?:plus|pas)
    (?:doesn t|won t|does not|will not|didn t) (?:turn on|start|charge|work)
    (?:broken|broke) (?:on arrival|after)
    arrived (?:broken|damaged|cracked)
    (?:arrive|arrivee|recu|recue) (?:casse|cassee|abime|abimee|endommage|endommagee)`,
  ),
];

// Advertising: links, promo codes, solicitations, other sellers.
export const ADVERTISING_RULES: PhraseRule[] = [
  rule(
    0.8,
    String.raw`code (?:promo|de reduction|reduc|remise|parrainage)
    (?:promo|discount|coupon|referral) code
    (?:utilisez|utilise|use|avec|with) (?:le |the |mon |my )?code
    cliquez (?:ici|sur (?:le|ce) lien)
    click (?:here|the link|this link|on the link)
    lien (?:dans|en) (?:ma|la) bio
    link in (?:my |the )?bio
    (?:gagnez|gagner|gagne|earn|make) (?:de l argent|des euros|\d+ ?(?:euros|eur|dollars|k)|money|cash|\$?\d+)`,
  ),
  rule(
    0.65,
    String.raw`(?:contactez|contacte|ecrivez|ecris) moi
    (?:dm|message|text|contact|inbox|whatsapp) me
    (?:en|par|on|via|sur) (?:mp|dm|whatsapp|telegram|snap|snapchat|signal|insta|instagram)
    whatsapp
    telegram
    (?:abonnez|abonne) vous
    (?:suivez|follow) (?:moi|me|nous|us)
    (?:visitez|visit|check out|allez voir|rendez vous sur) (?:mon|ma|mes|notre|my|our)
    moins cher (?:sur|chez|ailleurs|a cote)
    cheaper (?:on|at|elsewhere)
    (?:sur|chez|on|at) (?:amazon|cdiscount|aliexpress|temu|shein|ebay|leboncoin|wish|vinted|wallapop|alibaba)
    (?:gagnez|gagner|win|free) (?:un|une|des|a|an|an?|gift|iphone|cadeau|bon d achat)
    gift card
    (?:je|on) (?:le |la |les )?(?:revends|revend|vends|vend)
    (?:for sale|a vendre|selling mine|selling it)
    (?:sur|on) (?:mon|my) (?:site|website|shop|store|channel|chaine|blog|compte)
    code [a-z]+\d+[a-z\d]*
    (?:investissez|invest|investir) (?:dans|in)
    (?:bitcoin|crypto|forex|trading) (?:gratuit|gains|profits|signals|opportunit\w*)`,
  ),
];

/** URLs, "www." and bare domains (not the domain of an e-mail address: that is personal data). */
export const URL_RE =
  /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+|(?<![@\p{L}\p{N}.-])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:com|fr|net|org|io|co|ly|shop|store|biz|info|xyz|be|ch|eu|me|gl|gg|app|site|online|top|us|uk|de|es|it|link|click|club|live|tv)\b(?:\/[^\s<>"']*)?/gu;
/** Cheap pre-check: nothing looks like a link unless one of these appears. */
export const URL_HINT =
  /:\/\/|www\.|\.(?:com|fr|net|org|io|co|ly|shop|store|biz|info|xyz|be|ch|eu|me|gl|gg|app|site|online|top|us|uk|de|es|it|link|click|club|live|tv)\b/;
export const SHORTENERS =
  /(?:^|[/.])(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|cutt\.ly|t\.me|wa\.me|rebrand\.ly|shorturl\.at|lnkd\.in)\b/;
