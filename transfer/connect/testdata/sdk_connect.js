// Drives IBM's @ibm-aspera/connect-sdk-js (the browser bundle, "http" method) in Node against
// the Connect double, for the Go tests:
// node sdk_connect.js SDK_DIR DOUBLE_URL JOB_JSON
// JOB_JSON: {"port": the Connect port (33003..33022) the double stands for,
//            "spec": transfer spec, "connect_spec": aspera_connect_settings of the transfer,
//            "actions": ["dialog", "start", "info", "activity", "modify", "stop", "resume",
//                        "remove", "authenticate", "wait"], "rate": target_rate_kbps}
// Prints one JSON line per action ({"action", "result"}) and exits 0, or prints the error and
// exits 2; an outdated Connect prints {"status":"OUTDATED"} and exits 3.
const http = require('http');
const [sdkDir, doubleURL, jobJSON] = process.argv.slice(2);
const job = JSON.parse(jobJSON);

// The least browser the SDK needs: a window (the global object), a page location, a document
// without elements, and an XMLHttpRequest built on Node's http module. Like a browser, it sends
// a string body as text/plain;charset=UTF-8 with the page's Origin; the ports other than the
// double's are refused (status 0), as closed ports are.
globalThis.window = globalThis;
for (const name of ['localStorage', 'Storage']) { // no storage, whatever Node's version offers
  try { Object.defineProperty(globalThis, name, { value: undefined, configurable: true, writable: true }); } catch (e) {}
}
window.addEventListener = window.removeEventListener = window.postMessage = () => {};
globalThis.location = { href: 'http://sdk.test/page', protocol: 'http:', origin: 'http://sdk.test' };
const element = () => ({ style: {}, setAttribute () {}, appendChild () {}, addEventListener () {} });
globalThis.document = {
  createElement: element, getElementById: () => null, getElementsByTagName: () => [], querySelectorAll: () => [],
  addEventListener () {}, removeEventListener () {}, dispatchEvent () {}, body: element(), documentElement: element(), location
};
class XHR {
  constructor () { this.readyState = 0; this.status = 0; this.responseText = ''; this.headers = {}; }
  open (method, url) { this.method = method; this.url = url; this.readyState = 1; }
  setRequestHeader (k, v) { this.headers[k] = v; }
  send (body) {
    const u = new URL(this.url);
    if (u.hostname !== '127.0.0.1' || u.port !== String(job.port)) {
      setImmediate(() => this.done(0, ''));
      return;
    }
    const headers = { ...this.headers, Origin: location.origin };
    if (typeof body === 'string') {
      if (!Object.keys(headers).some(k => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'text/plain;charset=UTF-8';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request(new URL(u.pathname + u.search, doubleURL), { method: this.method, headers }, res => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', c => { data += c; });
      res.on('end', () => this.done(res.statusCode, data));
    });
    req.on('error', () => this.done(0, ''));
    req.end(typeof body === 'string' ? body : undefined);
  }
  done (status, text) {
    this.status = status;
    this.responseText = text;
    this.readyState = 4;
    if (this.onreadystatechange) this.onreadystatechange();
  }
}
globalThis.XMLHttpRequest = XHR;
require(sdkDir + '/@ibm-aspera/connect-sdk-js/dist/js/connect-sdk.js');
const { Connect } = globalThis.AW4;

const timer = setTimeout(() => { console.error('timeout'); process.exit(4); }, 60000);
const out = (action, result) => console.log(JSON.stringify({ action, result }));
const aw = new Connect({ connectMethod: 'http', pollingTime: 50, connectLaunchWaitTimeoutMs: 10000 });
let started = false;
aw.addEventListener(Connect.EVENT.STATUS, (type, status) => {
  if (status === 'OUTDATED') {
    console.log(JSON.stringify({ status }));
    setTimeout(() => process.exit(3), 200); // let update/require go out
  }
  if (status === 'RUNNING' && !started) {
    started = true;
    run().then(() => { clearTimeout(timer); process.exit(0); })
      .catch(e => { console.error('sdk:', e && e.stack ? e.stack : JSON.stringify(e)); process.exit(2); });
  }
});
const init = aw.initSession();
if (init && init.error) { console.error('initSession:', JSON.stringify(init)); process.exit(2); }

// activity waits for the transfer's activity event with a status in want.
function activity (id, want) {
  return new Promise(resolve => {
    const listener = (type, all) => {
      const t = (all.transfers || []).find(x => x.uuid === id);
      if (t && want.includes(t.status)) {
        aw.removeEventListener(Connect.EVENT.TRANSFER, listener);
        resolve({ status: t.status, bytes_written: t.bytes_written, iteration_token: all.iteration_token });
      }
    };
    aw.addEventListener(Connect.EVENT.TRANSFER, listener);
  });
}

async function run () {
  const spec = { ...job.spec };
  let id;
  for (const action of job.actions) {
    switch (action) {
      case 'dialog': {
        const sel = await aw.showSelectFileDialogPromise({});
        spec.paths = sel.dataTransfer.files.map(f => ({ source: f.name }));
        out(action, spec.paths);
        break;
      }
      case 'start': {
        const r = await aw.startTransferPromise(spec, job.connect_spec || {});
        id = r.transfer_specs[0].uuid;
        out(action, { uuid: id });
        break;
      }
      case 'info': out(action, (await aw.getTransfer(id)).transfer_info.status); break;
      case 'activity': out(action, await activity(id, ['running', 'completed', 'failed'])); break;
      case 'modify': out(action, await aw.modifyTransfer(id, { target_rate_kbps: job.rate })); break;
      case 'stop': out(action, await aw.stopTransfer(id)); break;
      case 'resume': out(action, (await aw.resumeTransfer(id, {})).transfer_spec.uuid); break;
      case 'remove': out(action, await aw.removeTransfer(id)); break;
      case 'authenticate': out(action, await aw.authenticate({ remote_host: spec.remote_host, remote_user: spec.remote_user, token: spec.token })); break;
      case 'wait': out(action, await activity(id, ['completed', 'failed', 'cancelled', 'removed'])); break;
      default: throw new Error('unknown action ' + action);
    }
  }
}
