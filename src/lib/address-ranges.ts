/**
 * Which hosts an outgoing request to a user-chosen address (webhooks, link previews, federation
 * fetches) may reach: not the special-use ranges of RFC 6890 and the IANA special-purpose
 * registries that followed it, nor local names. A host is judged in its normalised form (what
 * WHATWG URL makes of it): `LOCALHOST.`, `0x7f000001`, `0177.0.0.1`, `2130706433`, `127.1` and
 * `[::ffff:7f00:1]` are all the loopback.
 */
import net from 'node:net';

type Range = readonly [base: bigint, prefix: number];

const v4 = (dotted: string, prefix: number): Range => [ipv4ToNumber(dotted) as bigint, prefix];

/** IPv4 ranges that are not globally reachable, or not unicast. */
const SPECIAL_V4: readonly Range[] = [
  v4('0.0.0.0', 8), // "this network"
  v4('10.0.0.0', 8), // private
  v4('100.64.0.0', 10), // carrier-grade NAT
  v4('127.0.0.0', 8), // loopback
  v4('169.254.0.0', 16), // link-local (cloud metadata services live here)
  v4('172.16.0.0', 12), // private
  v4('192.0.0.0', 24), // IETF protocol assignments
  v4('192.0.2.0', 24), // documentation
  v4('192.88.99.0', 24), // 6to4 relay anycast (deprecated)
  v4('192.168.0.0', 16), // private
  v4('198.18.0.0', 15), // benchmarking
  v4('198.51.100.0', 24), // documentation
  v4('203.0.113.0', 24), // documentation
  v4('224.0.0.0', 4), // multicast
  v4('240.0.0.0', 4), // reserved, and 255.255.255.255 (broadcast)
];

const v6 = (text: string, prefix: number): Range => [ipv6ToNumber(text) as bigint, prefix];

/** IPv6 ranges refused whatever they hold. */
const SPECIAL_V6: readonly Range[] = [
  v6('::', 96), // unspecified, loopback and the deprecated IPv4-compatible addresses
  v6('64:ff9b:1::', 48), // local-use NAT64
  v6('100::', 64), // discard-only
  v6('2001::', 23), // IETF protocol assignments (Teredo, ORCHID, ...)
  v6('2001:db8::', 32), // documentation
  v6('3fff::', 20), // documentation (RFC 9637)
  v6('fc00::', 7), // unique local
  v6('fe80::', 10), // link-local
  v6('fec0::', 10), // site-local (deprecated)
  v6('ff00::', 8), // multicast
];

/** IPv6 ranges that carry an IPv4 address: judged by the IPv4 address they lead to. */
const EMBEDDING_V6: readonly (readonly [Range, (n: bigint) => bigint])[] = [
  [v6('::ffff:0:0', 96), (n) => n & 0xffffffffn], // IPv4-mapped
  [v6('::ffff:0:0:0', 96), (n) => n & 0xffffffffn], // IPv4-translated
  [v6('64:ff9b::', 96), (n) => n & 0xffffffffn], // NAT64
  [v6('2002::', 16), (n) => (n >> 80n) & 0xffffffffn], // 6to4
];

/** Names that never lead to a public host (RFC 6761, RFC 8375, and common private suffixes). */
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'invalid', 'test', 'home.arpa', 'lan', 'intranet'];

const inRange = (n: bigint, [base, prefix]: Range, bits: number): boolean => {
  const shift = BigInt(bits - prefix);
  return n >> shift === base >> shift;
};

export function ipv4ToNumber(text: string): bigint | null {
  if (!net.isIPv4(text)) return null;
  return text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

export function ipv6ToNumber(text: string): bigint | null {
  if (!net.isIPv6(text)) return null;
  let body = text;
  const groupsOfV4: string[] = [];
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    const n = Number(ipv4ToNumber(tail));
    groupsOfV4.push((n >>> 16).toString(16), (n & 0xffff).toString(16));
    body = `${body.slice(0, lastColon + 1)}${groupsOfV4.join(':')}`;
  }
  const [head, rest] = body.includes('::') ? body.split('::') : [body, undefined];
  const left = head ? head.split(':') : [];
  const right = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, group) => (n << 16n) | BigInt(Number.parseInt(group || '0', 16)), 0n);
}

const specialV4 = (n: bigint): boolean => SPECIAL_V4.some((range) => inRange(n, range, 32));

/**
 * The host as a connection would see it: brackets and trailing dots gone, lower case, IDN in
 * punycode, IPv4 in dotted-decimal and IPv6 compressed (WHATWG URL's host parser does all that).
 */
export function normalizeHost(host: string): string {
  const bare = host.trim().replace(/^\[|\]$/g, '');
  const asUrlHost = net.isIPv6(bare) ? `[${bare}]` : bare;
  let parsed: string;
  try {
    parsed = new URL(`http://${asUrlHost}/`).hostname;
  } catch {
    parsed = bare.toLowerCase();
  }
  return parsed.replace(/^\[|\]$/g, '').replace(/\.+$/, '');
}

/**
 * True for a host no outgoing request to a user-chosen address may reach: an address in a
 * special-use range (IPv4-mapped, NAT64 and 6to4 IPv6 addresses by the IPv4 address they carry)
 * or a local name.
 */
export function isPrivateAddress(host: string): boolean {
  const h = normalizeHost(host);
  if (!h) return true;
  const four = ipv4ToNumber(h);
  if (four !== null) return specialV4(four);
  const six = ipv6ToNumber(h);
  if (six !== null) {
    if (SPECIAL_V6.some((range) => inRange(six, range, 128))) return true;
    const embedding = EMBEDDING_V6.find(([range]) => inRange(six, range, 128));
    return embedding ? specialV4(embedding[1](six)) : false;
  }
  return LOCAL_SUFFIXES.some((suffix) => h === suffix || h.endsWith(`.${suffix}`));
}

/**
 * True for this machine's loopback only (127.0.0.0/8, ::1, IPv4-mapped 127.x, `localhost` and
 * its subdomains): what COMPTOIR_OUTBOUND_ALLOW_LOCAL opens, never other private ranges.
 */
export function isLoopbackAddress(host: string): boolean {
  const h = normalizeHost(host);
  const four = ipv4ToNumber(h);
  if (four !== null) return four >> 24n === 127n;
  const six = ipv6ToNumber(h);
  if (six !== null) return six === 1n || (six >> 32n === 0xffffn && (six & 0xffffffffn) >> 24n === 127n);
  return h === 'localhost' || h.endsWith('.localhost');
}
