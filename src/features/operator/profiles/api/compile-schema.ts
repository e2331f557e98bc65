/**
 * The profile form's "Compile" check (device-api.md §2.3): the same compiler the broker uses, loaded only when
 * the user asks (protobufjs stays out of the first page load).
 */
export type CompileOutcome = { ok: true; messageName: string } | { ok: false; message: string };

export async function compileSchemaText(text: string): Promise<CompileOutcome> {
  const { compileProfileSchema } = await import('@protocol/proto/profile-schema.ts');
  const compiled = compileProfileSchema(text);
  return compiled.ok
    ? { ok: true, messageName: compiled.value.messageName }
    : { ok: false, message: compiled.error.message };
}
