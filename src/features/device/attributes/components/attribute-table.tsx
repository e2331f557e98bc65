import { ScrollRegion } from '@/components/ui/scroll-region.tsx';

/** A value as JSON text (strings quoted), so its type stays visible. */
export function formatValue(value: unknown): string {
  // JSON.stringify gives undefined for undefined and functions, whatever its type says.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? String(value);
}

/** Key/value table of plain attribute values. */
export function AttributeTable({
  caption,
  values,
  extra,
}: {
  caption: string;
  values: Readonly<Record<string, unknown>>;
  /** An extra last column: header and cell text per key. */
  extra?: { header: string; cell: (key: string) => string };
}) {
  const keys = Object.keys(values);
  return (
    <ScrollRegion className="table-scroll" label={caption}>
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
            {extra !== undefined && <th scope="col">{extra.header}</th>}
          </tr>
        </thead>
        <tbody>
          {keys.length === 0 && (
            <tr>
              <td colSpan={extra === undefined ? 2 : 3} className="hint">
                None
              </td>
            </tr>
          )}
          {keys.map((key) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td className="mono">{formatValue(values[key])}</td>
              {extra !== undefined && <td>{extra.cell(key)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
