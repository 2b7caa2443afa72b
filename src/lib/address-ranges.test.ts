import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isPrivateAddress, normalizeHost } from './address-ranges';

const SPECIAL_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const toNumber = (dotted: string) => dotted.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
/** A plain reference implementation of the IPv4 rule, written differently from the one under test. */
const referenceSpecial = (n: number) =>
  SPECIAL_V4.some(
    ([base, prefix]) => Math.floor(n / 2 ** (32 - prefix)) === Math.floor(toNumber(base) / 2 ** (32 - prefix)),
  );

/** The ways WHATWG URL accepts to write one IPv4 address. */
function v4Forms(n: number): string[] {
  const [a, b, c, d] = dotted(n).split('.').map(Number);
  return [
    dotted(n),
    String(n),
    `0x${n.toString(16)}`,
    `0x${n.toString(16).toUpperCase()}`,
    `0${n.toString(8)}`,
    [a, b, c, d].map((x) => `0x${x.toString(16)}`).join('.'),
    [a, b, c, d].map((x) => `0${x.toString(8)}`).join('.'),
    `${a}.${(b << 16) + (c << 8) + d}`,
    `${a}.${b}.${(c << 8) + d}`,
    `${dotted(n)}.`,
  ];
}

/** The ways to write it inside IPv6: mapped (dotted and hex), NAT64, 6to4. */
function v6Forms(n: number): string[] {
  const hi = (n >>> 16).toString(16);
  const lo = (n & 0xffff).toString(16);
  return [
    `[::ffff:${dotted(n)}]`,
    `[::FFFF:${hi}:${lo}]`,
    `[0:0:0:0:0:ffff:${hi}:${lo}]`,
    `[64:ff9b::${dotted(n)}]`,
    `[64:ff9b::${hi}:${lo}]`,
    `[2002:${hi}:${lo}::1]`,
  ];
}

const inSpecialRange = fc
  .tuple(fc.constantFrom(...SPECIAL_V4), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
  .map(([[base, prefix], noise]) => toNumber(base) + (noise % 2 ** (32 - prefix)));
const anyV4 = fc.integer({ min: 0, max: 2 ** 32 - 1 });

describe('special-use addresses', () => {
  it('refuses every address of every special-use IPv4 range, however it is written', () => {
    fc.assert(
      fc.property(inSpecialRange, (n) => {
        for (const form of [...v4Forms(n), ...v6Forms(n)]) expect(isPrivateAddress(form), form).toBe(true);
      }),
    );
  });

  it('judges any IPv4 address the same in every form, and as the reference rule does', () => {
    fc.assert(
      fc.property(anyV4, (n) => {
        const expected = referenceSpecial(n);
        for (const form of [...v4Forms(n), ...v6Forms(n)]) expect(isPrivateAddress(form), form).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses the special-use IPv6 ranges and accepts global unicast', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((g) => g.toString(16));
    const groups = (count: number) => fc.array(group, { minLength: count, maxLength: count });
    // Each special range as its fixed leading groups; the rest of the address is random.
    const ranges = [
      ['0', '0', '0', '0', '0', '0'],
      ['64', 'ff9b', '1'],
      ['100', '0', '0', '0'],
      ['2001', '0'],
      ['2001', '1ff'],
      ['2001', 'db8'],
      ['3fff', 'fff'],
      ['fc00'],
      ['fdff'],
      ['fe80'],
      ['febf'],
      ['ff02'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...ranges).chain((fixed) => groups(8 - fixed.length).map((rest) => [...fixed, ...rest])),
        (address) => {
          expect(isPrivateAddress(address.join(':')), address.join(':')).toBe(true);
        },
      ),
    );
    const tail = groups(6).map((rest) => rest.join(':'));
    fc.assert(
      fc.property(fc.integer({ min: 0x2400, max: 0x2fff }), tail, (first, rest) => {
        const address = `${first.toString(16)}:1:${rest}`;
        expect(isPrivateAddress(address), address).toBe(false);
      }),
    );
    for (const h of ['::', '::1', '[::1]', '[0:0:0:0:0:0:0:1]', '::127.0.0.1', 'fe80::1%eth0']) {
      expect(isPrivateAddress(h), h).toBe(true);
    }
    for (const h of ['2606:4700::1111', '[2a00:1450:4007::200e]', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      expect(isPrivateAddress(h), h).toBe(false);
    }
  });

  it('refuses local names in any case, with a trailing dot, and accepts public names', () => {
    for (const h of [
      'localhost',
      'LOCALHOST.',
      'api.localhost',
      'printer.local',
      'db.internal',
      'x.invalid',
      'shop.test',
      'nas.home.arpa',
      '',
    ]) {
      expect(isPrivateAddress(h), h).toBe(true);
    }
    for (const h of ['example.com', 'shop.example.com.', 'münchen.de', 'localhost.example.com']) {
      expect(isPrivateAddress(h), h).toBe(false);
    }
  });

  it('normalises hosts as a connection sees them', () => {
    expect(normalizeHost('LOCALHOST.')).toBe('localhost');
    expect(normalizeHost('0x7f000001')).toBe('127.0.0.1');
    expect(normalizeHost('[::FFFF:127.0.0.1]')).toBe('::ffff:7f00:1');
    expect(normalizeHost('Bücher.Example')).toBe('xn--bcher-kva.example');
  });
});

describe('loopback addresses (COMPTOIR_OUTBOUND_ALLOW_LOCAL)', () => {
  it('opens only this machine: 127.0.0.0/8, ::1, IPv4-mapped 127.x, localhost', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      '0x7f000001',
      '[::1]',
      '::ffff:127.0.0.1',
      'localhost',
      'LOCALHOST.',
      'a.localhost',
    ])
      expect(isLoopbackAddress(host), host).toBe(true);
    for (const host of [
      '10.0.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '[fd00::1]',
      '::ffff:10.0.0.1',
      '0.0.0.0',
      'intranet',
      'example.com',
      '128.0.0.1',
    ])
      expect(isLoopbackAddress(host), host).toBe(false);
  });
});
