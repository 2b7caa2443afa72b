/**
 * Product photos for the demo world: drawn, not downloaded. Each demo product gets three
 * pictures (a front view, a close-up and a "on the table" scene) made from one SVG motif per
 * kind of product (a wedge of comté, a coffee bag, a linen shirt, a bicycle…), in the product's
 * own colours, rendered by sharp and stored through the catalog's image door like an upload, with
 * an alt text that says what the picture shows.
 *
 * Speed matters (the demo build already takes minutes): one small JPEG per picture (sharp renders
 * the SVG at 448 px), the media module then makes its WebP sizes. About 50 pictures in all.
 */
import sharp from 'sharp';
import type { AppContext } from '../context';
import { addProductImage, type ProductView } from '../modules/commerce';

type Palette = { bg: string; bg2: string; main: string; dark: string; light: string; name: string };

/** Background and object colours; `name` is the background's colour in the alt text. */
const P = {
  cream: { bg: '#fbf3e4', bg2: '#f1dfbf', main: '#f4d58d', dark: '#c98f2e', light: '#fff8e6', name: 'crème' },
  sage: { bg: '#e8efe6', bg2: '#cfdccb', main: '#f2e6c9', dark: '#b9893c', light: '#fffaf0', name: 'vert sauge' },
  terracotta: { bg: '#f6e3d8', bg2: '#e9c3ad', main: '#fbf4e8', dark: '#b5562f', light: '#fff', name: 'terre cuite' },
  slate: { bg: '#e4e9ef', bg2: '#c7d1dc', main: '#f7e8c4', dark: '#8a6a3b', light: '#fff', name: 'ardoise' },
  night: { bg: '#1f2a37', bg2: '#314156', main: '#e5e7eb', dark: '#111827', light: '#fbbf24', name: 'bleu nuit' },
  teal: { bg: '#dff3ef', bg2: '#b5e0d7', main: '#0f766e', dark: '#134e4a', light: '#99f6e4', name: 'turquoise' },
  sun: { bg: '#fff4d6', bg2: '#fde3a1', main: '#1f2937', dark: '#0b0f17', light: '#facc15', name: 'jaune soleil' },
  blush: { bg: '#fbe9e7', bg2: '#f3cdc8', main: '#e11d48', dark: '#9f1239', light: '#fecdd3', name: 'rose poudré' },
  linen: { bg: '#f5f1ea', bg2: '#e6ddcf', main: '#d9c7a7', dark: '#9c8563', light: '#f7efe1', name: 'lin naturel' },
  indigo: { bg: '#e9ecf7', bg2: '#cdd4ee', main: '#3b4a8c', dark: '#26305e', light: '#aab6e8', name: 'indigo' },
  olive: { bg: '#eef0e2', bg2: '#d8dcbd', main: '#7b7f3a', dark: '#4f5224', light: '#c9cd8f', name: 'olive' },
  kraft: { bg: '#f3ece2', bg2: '#e2d3bd', main: '#b98b58', dark: '#7a5530', light: '#f4e3c7', name: 'kraft' },
  forest: { bg: '#e3efe7', bg2: '#bfd9c7', main: '#2f6b4f', dark: '#1d4533', light: '#d8c27a', name: 'vert forêt' },
  plum: { bg: '#f1e6f0', bg2: '#dcc3d9', main: '#7e3b6e', dark: '#4e2144', light: '#f0c987', name: 'prune' },
  caramel: { bg: '#f8ecdf', bg2: '#edd2b3', main: '#a0522d', dark: '#5c2e14', light: '#f5d6a1', name: 'caramel' },
  espresso: { bg: '#efe7e1', bg2: '#d9c6b8', main: '#4a2c20', dark: '#2b1810', light: '#e8c39e', name: 'café' },
} satisfies Record<string, Palette>;

/** A motif: the object, drawn around (400, 400) in a 800×800 box, in a palette; `thing` names it in the alt text. */
type Motif = { thing: string; prop: string; draw: (c: Palette, label: string) => string };

const wheelSpokes = (cx: number, cy: number, r: number, stroke: string) =>
  Array.from({ length: 12 }, (_, i) => {
    const a = (i * Math.PI) / 6;
    return `<line x1="${cx}" y1="${cy}" x2="${(cx + r * Math.cos(a)).toFixed(1)}" y2="${(cy + r * Math.sin(a)).toFixed(1)}" stroke="${stroke}" stroke-width="3"/>`;
  }).join('');

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const MOTIFS: Record<string, Motif> = {
  crock: {
    thing: 'un petit fromage rond et crémeux dans son pot en terre cuite',
    prop: 'une cuillère en bois',
    draw: (c) => `
      <ellipse cx="400" cy="520" rx="230" ry="60" fill="${c.dark}"/>
      <path d="M170 420 Q170 600 400 610 Q630 600 630 420 Z" fill="${c.dark}"/>
      <ellipse cx="400" cy="420" rx="230" ry="62" fill="#8c3b1f"/>
      <ellipse cx="400" cy="410" rx="190" ry="48" fill="${c.main}"/>
      <ellipse cx="390" cy="398" rx="150" ry="30" fill="${c.light}" opacity="0.8"/>
      <path d="M300 405 Q350 440 420 430 Q470 425 500 440" stroke="${c.light}" stroke-width="10" fill="none"/>`,
  },
  wedge: {
    thing: 'une part de comté à la croûte dorée',
    prop: 'un couteau à fromage',
    draw: (c) => `
      <path d="M150 560 L650 560 L650 420 Z" fill="${c.dark}"/>
      <path d="M150 560 L650 420 L600 300 L170 520 Z" fill="${c.main}"/>
      <path d="M150 560 L170 520 L600 300 L650 420" fill="none" stroke="${c.dark}" stroke-width="14" stroke-linejoin="round"/>
      <circle cx="420" cy="420" r="18" fill="${c.dark}" opacity="0.35"/>
      <circle cx="520" cy="380" r="11" fill="${c.dark}" opacity="0.35"/>
      <circle cx="320" cy="470" r="13" fill="${c.dark}" opacity="0.35"/>
      <path d="M150 560 L650 560 L650 590 L150 590 Z" fill="#6b4a1e" opacity="0.6"/>`,
  },
  pot: {
    thing: 'un pot de fromage blanc aux herbes',
    prop: 'des brins de ciboulette',
    draw: (c) => `
      <path d="M240 330 L560 330 L530 600 Q400 630 270 600 Z" fill="${c.light}" stroke="${c.dark}" stroke-width="8"/>
      <ellipse cx="400" cy="330" rx="165" ry="40" fill="${c.main}" stroke="${c.dark}" stroke-width="8"/>
      <path d="M290 320 q20 -40 60 -10 q30 -45 70 -5 q40 -35 70 10" fill="${c.light}" stroke="#e5e0d2" stroke-width="6"/>
      <g stroke="#3f7d3a" stroke-width="6" stroke-linecap="round">
        <line x1="330" y1="320" x2="345" y2="305"/><line x1="420" y1="312" x2="438" y2="300"/>
        <line x1="470" y1="325" x2="488" y2="312"/><line x1="375" y1="328" x2="360" y2="312"/>
      </g>
      <rect x="300" y="430" width="200" height="70" rx="10" fill="${c.dark}"/>`,
  },
  board: {
    thing: 'un plateau de cinq fromages de montagne sur une planche en bois',
    prop: 'des noix et des raisins',
    draw: (c) => `
      <rect x="110" y="300" width="580" height="300" rx="40" fill="#a9713f"/>
      <rect x="110" y="300" width="580" height="300" rx="40" fill="none" stroke="#7c4d25" stroke-width="10"/>
      <circle cx="240" cy="420" r="80" fill="${c.main}" stroke="${c.dark}" stroke-width="10"/>
      <path d="M360 520 L520 520 L520 420 Z" fill="#f6e7b0" stroke="#c9a646" stroke-width="8"/>
      <rect x="540" y="360" width="110" height="110" rx="18" fill="#fbf6ea" stroke="#ddd3bf" stroke-width="8"/>
      <circle cx="360" cy="370" r="45" fill="#e8eef3" stroke="#6f87a6" stroke-width="8"/>
      <circle cx="350" cy="362" r="6" fill="#4d6a90"/><circle cx="372" cy="380" r="5" fill="#4d6a90"/>
      <ellipse cx="610" cy="530" rx="55" ry="35" fill="#f3efe2" stroke="#c8bfa6" stroke-width="8"/>`,
  },
  bicycle: {
    thing: 'un vélo de ville révisé',
    prop: 'une clé plate',
    draw: (c) => `
      <circle cx="250" cy="480" r="130" fill="none" stroke="${c.dark}" stroke-width="18"/>
      <circle cx="560" cy="480" r="130" fill="none" stroke="${c.dark}" stroke-width="18"/>
      ${wheelSpokes(250, 480, 122, c.main)}${wheelSpokes(560, 480, 122, c.main)}
      <path d="M250 480 L370 480 L500 330 L330 330 Z M370 480 L300 290 M500 330 L560 480 M490 300 L520 300" fill="none"
        stroke="${c.main}" stroke-width="18" stroke-linejoin="round" stroke-linecap="round"/>
      <path d="M275 280 L335 280" stroke="${c.dark}" stroke-width="22" stroke-linecap="round"/>
      <path d="M490 300 Q520 250 560 270" stroke="${c.dark}" stroke-width="14" fill="none" stroke-linecap="round"/>
      <circle cx="370" cy="480" r="22" fill="${c.dark}"/>`,
  },
  tube: {
    thing: 'une chambre à air roulée avec sa valve',
    prop: 'des démonte-pneus',
    draw: (c) => `
      <circle cx="400" cy="420" r="200" fill="none" stroke="${c.dark}" stroke-width="70"/>
      <circle cx="400" cy="420" r="200" fill="none" stroke="${c.main}" stroke-width="46"/>
      <path d="M260 300 A200 200 0 0 1 520 260" fill="none" stroke="${c.light}" stroke-width="10" opacity="0.6"/>
      <rect x="388" y="600" width="24" height="80" rx="6" fill="#9ca3af"/><rect x="380" y="670" width="40" height="22" rx="6" fill="#374151"/>`,
  },
  ulock: {
    thing: 'un antivol en U en acier',
    prop: 'une clé',
    draw: (c) => `
      <path d="M260 480 L260 300 A140 140 0 0 1 540 300 L540 480" fill="none" stroke="${c.dark}" stroke-width="56" stroke-linecap="round"/>
      <path d="M260 480 L260 300 A140 140 0 0 1 540 300 L540 480" fill="none" stroke="#cbd5e1" stroke-width="30" stroke-linecap="round"/>
      <rect x="190" y="460" width="420" height="110" rx="40" fill="${c.main}"/>
      <rect x="190" y="460" width="420" height="34" rx="17" fill="${c.light}" opacity="0.5"/>
      <circle cx="400" cy="530" r="18" fill="${c.dark}"/>`,
  },
  light: {
    thing: 'un kit de deux lampes de vélo rechargeables, avant et arrière',
    prop: 'un câble USB',
    draw: (c) => `
      <path d="M470 360 L760 240 L760 560 L470 440 Z" fill="${c.light}" opacity="0.35"/>
      <rect x="230" y="330" width="250" height="140" rx="50" fill="${c.main}"/>
      <circle cx="470" cy="400" r="58" fill="${c.light}"/><circle cx="470" cy="400" r="34" fill="#fff7cc"/>
      <rect x="260" y="540" width="150" height="80" rx="30" fill="${c.main}"/>
      <rect x="390" y="555" width="30" height="50" rx="10" fill="#ef4444"/>
      <rect x="280" y="470" width="30" height="70" fill="${c.dark}"/>`,
  },
  shirt: {
    thing: 'une chemise en lin lavé, pliée à plat',
    prop: 'un brin de lavande',
    draw: (c) => `
      <path d="M300 180 L220 210 L120 330 L200 390 L250 330 L250 640 L550 640 L550 330 L600 390 L680 330 L580 210 L500 180
        Q400 250 300 180 Z" fill="${c.main}" stroke="${c.dark}" stroke-width="8" stroke-linejoin="round"/>
      <path d="M300 180 L360 260 L400 220 L440 260 L500 180" fill="${c.light}" stroke="${c.dark}" stroke-width="8"/>
      <line x1="400" y1="230" x2="400" y2="640" stroke="${c.dark}" stroke-width="5"/>
      ${[300, 370, 440, 510, 580].map((y) => `<circle cx="415" cy="${y}" r="8" fill="${c.light}" stroke="${c.dark}" stroke-width="3"/>`).join('')}
      <path d="M280 400 L340 400" stroke="${c.dark}" stroke-width="5"/>`,
  },
  trousers: {
    thing: 'un pantalon large en lin',
    prop: 'une ceinture en cuir',
    draw: (c) => `
      <path d="M250 170 L550 170 L620 650 L450 650 L400 330 L350 650 L180 650 Z" fill="${c.main}" stroke="${c.dark}"
        stroke-width="8" stroke-linejoin="round"/>
      <rect x="250" y="170" width="300" height="46" fill="${c.dark}" opacity="0.85"/>
      <path d="M300 216 Q320 280 290 330 M500 216 Q480 280 510 330" stroke="${c.dark}" stroke-width="5" fill="none"/>
      <line x1="400" y1="216" x2="400" y2="320" stroke="${c.dark}" stroke-width="5"/>`,
  },
  tote: {
    thing: 'un sac cabas cousu de chutes de lin',
    prop: 'un carnet et des lunettes',
    draw: (c) => `
      <path d="M300 320 Q300 160 400 160 Q500 160 500 320" fill="none" stroke="${c.dark}" stroke-width="22"/>
      <path d="M210 300 L590 300 L560 650 L240 650 Z" fill="${c.main}" stroke="${c.dark}" stroke-width="8" stroke-linejoin="round"/>
      <path d="M225 470 L575 470 L565 560 L235 560 Z" fill="${c.light}" opacity="0.6"/>
      <path d="M218 390 L582 390" stroke="${c.dark}" stroke-width="4" stroke-dasharray="12 10"/>`,
  },
  bag: {
    thing: 'un sachet de café en grains à l’étiquette colorée',
    prop: 'des grains de café',
    draw: (c, label) => `
      <path d="M250 200 L550 200 L590 660 L210 660 Z" fill="${c.main}" stroke="${c.dark}" stroke-width="8" stroke-linejoin="round"/>
      <path d="M250 200 L280 150 L520 150 L550 200 Z" fill="${c.dark}"/>
      <rect x="280" y="330" width="240" height="200" rx="16" fill="${c.light}"/>
      <ellipse cx="400" cy="390" rx="34" ry="48" fill="${c.dark}" transform="rotate(-25 400 390)"/>
      <path d="M385 350 Q410 390 392 432" stroke="${c.light}" stroke-width="7" fill="none"/>
      <text x="400" y="490" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="30" font-weight="700"
        text-anchor="middle" fill="${c.dark}">${escapeXml(label)}</text>`,
  },
  box: {
    thing: 'un coffret en carton avec trois petits sachets de café',
    prop: 'une tasse d’espresso',
    draw: (c) => `
      <path d="M130 330 L670 330 L640 640 L160 640 Z" fill="${c.main}" stroke="${c.dark}" stroke-width="8"/>
      <rect x="200" y="240" width="120" height="220" rx="10" fill="#0f766e"/>
      <rect x="340" y="220" width="120" height="240" rx="10" fill="#b45309"/>
      <rect x="480" y="240" width="120" height="220" rx="10" fill="#7e3b6e"/>
      ${[260, 400, 540].map((x) => `<rect x="${x - 40}" y="300" width="80" height="70" rx="8" fill="#fff8ec"/>`).join('')}
      <path d="M130 400 L670 400" stroke="${c.dark}" stroke-width="6"/>`,
  },
};

/** What each demo product looks like: its motif, palettes for its three pictures and, for coffee, the label. */
const LOOKS: Record<string, { motif: keyof typeof MOTIFS; palettes: Palette[]; label?: string }> = {
  'Saint-marcellin affiné': { motif: 'crock', palettes: [P.terracotta, P.cream, P.sage] },
  'Comté 24 mois': { motif: 'wedge', palettes: [P.cream, P.slate, P.sage] },
  'Cervelle de canut maison': { motif: 'pot', palettes: [P.sage, P.terracotta, P.cream] },
  'Plateau découverte des Alpes': { motif: 'board', palettes: [P.slate, P.cream, P.sage] },
  'Révision complète à l’atelier': { motif: 'bicycle', palettes: [P.teal, P.sun, P.slate] },
  'Chambre à air renforcée': { motif: 'tube', palettes: [P.sun, P.teal, P.blush] },
  'Antivol en U certifié': { motif: 'ulock', palettes: [P.blush, P.slate, P.sun] },
  'Kit éclairage rechargeable': { motif: 'light', palettes: [P.night, P.teal, P.sun] },
  'Chemise en lin lavé': { motif: 'shirt', palettes: [P.linen, P.indigo, P.olive] },
  'Pantalon large en lin': { motif: 'trousers', palettes: [P.olive, P.linen, P.indigo] },
  'Tote bag en chutes de lin': { motif: 'tote', palettes: [P.linen, P.olive, P.indigo] },
  'Éthiopie Yirgacheffe': { motif: 'bag', palettes: [P.forest, P.kraft, P.espresso], label: 'ÉTHIOPIE' },
  'Brésil Cerrado': { motif: 'bag', palettes: [P.caramel, P.kraft, P.forest], label: 'BRÉSIL' },
  'Décaféiné Colombie': { motif: 'bag', palettes: [P.plum, P.kraft, P.caramel], label: 'DÉCA' },
  'Coffret dégustation trois origines': { motif: 'box', palettes: [P.kraft, P.espresso, P.forest] },
};
/** A product not in the table (an extended demo catalog) still gets a look, from its title's letters. */
const FALLBACK_MOTIFS = ['box', 'tote', 'bag', 'crock'] as const;

type View = 'front' | 'closeup' | 'table';
const VIEWS: View[] = ['front', 'closeup', 'table'];

/** The SVG of one picture: background gradient, soft shadow, the motif placed for the view. */
export function productSvg(motif: Motif, c: Palette, view: View, label: string): string {
  const object = motif.draw(c, label);
  const place =
    view === 'front'
      ? 'translate(400 400) scale(0.78) translate(-400 -400)'
      : view === 'closeup'
        ? 'translate(420 430) scale(1.25) rotate(-8) translate(-400 -400)'
        : 'translate(400 470) scale(0.62) translate(-400 -400)';
  const table =
    view === 'table'
      ? `<rect y="520" width="800" height="280" fill="#b07a4a"/><rect y="520" width="800" height="14" fill="#8a5a32"/>
         ${[580, 650, 730].map((y) => `<path d="M0 ${y} Q400 ${y - 12} 800 ${y}" stroke="#9c6a3e" stroke-width="3" fill="none"/>`).join('')}`
      : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="448" height="448" viewBox="0 0 800 800">
  <defs>
    <radialGradient id="bg" cx="35%" cy="30%" r="85%"><stop offset="0" stop-color="${c.bg}"/><stop offset="1" stop-color="${c.bg2}"/></radialGradient>
    <radialGradient id="shadow"><stop offset="0" stop-color="#000" stop-opacity="0.22"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>
  </defs>
  <rect width="800" height="800" fill="url(#bg)"/>
  ${view === 'closeup' ? `<circle cx="650" cy="160" r="220" fill="${c.light}" opacity="0.35"/>` : ''}
  ${table}
  <ellipse cx="400" cy="${view === 'table' ? 675 : 660}" rx="${view === 'table' ? 230 : 300}" ry="40" fill="url(#shadow)"/>
  <g transform="${place}">${object}</g>
</svg>`;
}

const altFor = (title: string, motif: Motif, view: View, c: Palette) =>
  view === 'front'
    ? `${title} : ${motif.thing}, sur un fond ${c.name}.`
    : view === 'closeup'
      ? `${title} : gros plan sur ${motif.thing}.`
      : `${title} : ${motif.thing}, posé sur une table en bois, avec ${motif.prop}.`;

/** The three pictures of a product (SVG source and alt text), deterministic for a title. */
export function demoProductArt(title: string): { svg: string; alt: string }[] {
  const look = LOOKS[title];
  const code = [...title].reduce((n, ch) => n + ch.charCodeAt(0), 0);
  const motifKey = look?.motif ?? FALLBACK_MOTIFS[code % FALLBACK_MOTIFS.length];
  const motif = MOTIFS[motifKey];
  const all = Object.values(P);
  const palettes = look?.palettes ?? [0, 5, 11].map((k) => all[(code + k) % all.length]);
  const label = look?.label ?? title.split(' ')[0].toUpperCase();
  return VIEWS.map((view, i) => ({
    svg: productSvg(motif, palettes[i % palettes.length], view, label),
    alt: altFor(title, motif, view, palettes[i % palettes.length]),
  }));
}

/** Renders one picture to a JPEG (the media module re-encodes it to WebP like any upload). */
export const renderJpeg = (svg: string) => sharp(Buffer.from(svg)).jpeg({ quality: 86 }).toBuffer();

/**
 * Draws and stores a product's pictures through the catalog (the same checks, sizes and alt text
 * rules as an upload by the brand's team). `actor` manages the brand's catalog.
 */
export async function addDemoProductImages(ctx: AppContext, actor: string, product: ProductView): Promise<number> {
  const art = demoProductArt(product.title);
  const bytes = await Promise.all(art.map((a) => renderJpeg(a.svg)));
  for (const [i, a] of art.entries()) await addProductImage(ctx, actor, product.id, bytes[i], a.alt);
  return art.length;
}
