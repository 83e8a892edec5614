// Drives IBM's @ibm-aspera/http-gateway-sdk-js in Node (software mode) for the Go tests:
// node sdk_upload.js SDK_DIR GATEWAY_URL JOB_JSON
// JOB_JSON: {"spec": transfer spec, "files": [{"name", "type", "path"}]}; prints the final
// transfer status as JSON and exits 0 when completed.
const fs = require('fs');
const [sdkDir, url, jobJSON] = process.argv.slice(2);
// the least DOM upload() touches in software mode: a form that holds no file
globalThis.document = { createElement: () => ({ childNodes: [], appendChild() {} }) };
globalThis.location = { protocol: url.startsWith('https:') ? 'https:' : 'http:' };
if (typeof WebSocket !== 'function') {
  globalThis.WebSocket = require(sdkDir + '/ws'); // Node < 22 has no global WebSocket
}
const { asperaHttpGateway: gw } = require(sdkDir + '/@ibm-aspera/http-gateway-sdk-js');
if (!gw.globals.formContainer) gw.globals.formContainer = { appendChild() {}, removeChild() {} };
const job = JSON.parse(jobJSON);
const files = job.files.map(f => {
  const data = fs.readFileSync(f.path);
  return { name: f.name, type: f.type, size: data.length, data };
});
const timer = setTimeout(() => { console.error('timeout'); process.exit(4); }, 60000);
gw.initHttpGateway(url, true).then(() => {
  gw.registerActivityCallback(all => {
    for (const t of all.transfers || []) {
      if (t.status === 'completed' || t.status === 'failed') {
        clearTimeout(timer);
        console.log(JSON.stringify({ status: t.status }));
        setTimeout(() => process.exit(t.status === 'completed' ? 0 : 1), 300); // the SDK would close 5 s later
      }
    }
  });
  return gw.upload(job.spec, 'sdk', files);
}).catch(e => { console.error('sdk:', e && e.stack ? e.stack : JSON.stringify(e)); process.exit(2); });
