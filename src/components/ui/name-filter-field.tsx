/**
 * "Name contains": narrows a long list of choices (searched by the caller, on the server), with a
 * plain note when not every match is offered.
 */
export function NameFilterField({
  id,
  value,
  onChange,
  note,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Says how many of how many are offered; null when all are. */
  note: string | null;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Name contains</label>
      <input
        id={id}
        type="search"
        value={value}
        autoComplete="off"
        aria-describedby={note === null ? undefined : `${id}-note`}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
      {note !== null && (
        <p id={`${id}-note`} className="pk-muted">
          {note}
        </p>
      )}
    </div>
  );
}
