/** The few calls of Neutron's REST API the conformance run makes (noauth: the project is in the body). */

export type Json = Record<string, any>;

export class NeutronApi {
  constructor(private readonly base: string) {}

  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: Json): Promise<Json> {
    const res = await fetch(`${this.base}/${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) as Json : {};
  }

  get(path: string): Promise<Json> { return this.call('GET', path); }
  post(path: string, body: Json): Promise<Json> { return this.call('POST', path, body); }
  put(path: string, body: Json): Promise<Json> { return this.call('PUT', path, body); }
  delete(path: string): Promise<Json> { return this.call('DELETE', path); }

  /** Polls until `ok` holds (or throws after `seconds`, naming what was awaited). */
  async until(what: string, seconds: number, ok: () => Promise<boolean>): Promise<void> {
    const end = Date.now() + seconds * 1000;
    for (;;) {
      if (await ok()) return;
      if (Date.now() > end) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
