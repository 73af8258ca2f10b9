// Sums and labels for report rows. Costs arrive as decimal strings and are added exactly (BigInt
// over a common scale), so a total never shows floating-point noise the API did not send.

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export function tokens(row) {
  return row.input_tokens + row.output_tokens + row.cache_read_tokens + row.cache_write_tokens;
}

export function isDecimalField(key) {
  return key.endsWith('_usd');
}

export function addDecimals(values) {
  const parsed = values.filter((v) => typeof v === 'string' && DECIMAL.test(v)).map((v) => DECIMAL.exec(v));
  const scale = Math.max(0, ...parsed.map((m) => (m[3] || '').length));
  let sum = 0n;
  for (const [, sign, whole, fraction = ''] of parsed) {
    const units = BigInt(whole + fraction.padEnd(scale, '0'));
    sum += sign === '-' ? -units : units;
  }
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

const grouped = new Intl.NumberFormat('en-US');

export function formatCount(value) {
  return grouped.format(value);
}

/** A column heading from a field name: input_tokens becomes "Input tokens". */
export function heading(key) {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
