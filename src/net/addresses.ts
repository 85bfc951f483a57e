import ipaddr from 'ipaddr.js';

/**
 * Whether an IP address is a public unicast address, the only kind an outbound fetch may reach. Everything
 * else is refused: loopback, private (RFC 1918, IPv6 unique-local), link-local (cloud metadata at
 * 169.254.169.254 among them), carrier-grade NAT, unspecified, multicast, broadcast, reserved and
 * documentation ranges, and the IPv6 forms that embed an IPv4 address (mapped `::ffff:a.b.c.d`, compatible
 * `::a.b.c.d`, NAT64, 6to4, Teredo), since those can lead back to a private IPv4 host. An allow-list of one
 * range rather than a deny-list: a range ipaddr.js learns about later is refused until it is known public.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  try {
    // `process` turns IPv4-mapped IPv6 into the IPv4 address it carries, so it is judged as IPv4.
    return ipaddr.process(address).range() === 'unicast';
  } catch {
    return false;
  }
}

/** The address of a URL's host when it is written as an IP literal (`[::1]` without brackets), else null. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare))
    ? bare
    : null;
}
