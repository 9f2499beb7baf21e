// The trunk peers a SIP account trusts by address: single addresses or CIDR ranges, IPv4 or IPv6, written
// as a comma list (`203.0.113.10, 198.51.100.0/24, 2001:db8::/32`). Node's BlockList does the matching.
import net from 'node:net';

export interface PeerRange {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** The ranges in a comma list; throws an Error naming what is wrong (never the value). */
export const parsePeers = (list: string): PeerRange[] => list.split(',').map((v) => v.trim()).filter((v) => v !== '').map((entry) => {
  const [address = '', prefixText] = entry.split('/');
  const version = net.isIP(address);
  if (version === 0) throw new Error('must list IP addresses or CIDR ranges');
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) throw new Error('has a CIDR prefix out of range');
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
});

/** Whether `address` (as a socket reports it; IPv4-mapped IPv6 included) is in one of the ranges. */
export const peerAllowed = (ranges: readonly PeerRange[], address: string): boolean => {
  if (ranges.length === 0) return false;
  const list = new net.BlockList();
  for (const range of ranges) list.addSubnet(range.address, range.prefix, range.family);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped?.[1] ?? address;
  const family = net.isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  return net.isIP(plain) !== 0 && list.check(plain, family);
};
