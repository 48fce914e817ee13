/** A database URL safe to print or log: its password (if any) replaced with `***`. */
export function maskPassword(url: string): string {
  return url.replace(/^([^:]+:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
