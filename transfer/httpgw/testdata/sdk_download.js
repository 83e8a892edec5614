// Drives IBM's @ibm-aspera/http-gateway-sdk-js download in Node (software mode, where the SDK
// answers the URL instead of opening it) for the Go tests:
// node sdk_download.js SDK_DIR GATEWAY_URL JOB_JSON OUT_FILE
// JOB_JSON: {"spec": transfer spec, "zip": true|false|null}; writes the content to OUT_FILE.
const fs = require('fs');
const [sdkDir, url, jobJSON, out] = process.argv.slice(2);
globalThis.document = { createElement: () => ({ childNodes: [], appendChild() {} }) };
globalThis.location = { protocol: url.startsWith('https:') ? 'https:' : 'http:' };
const { asperaHttpGateway: gw } = require(sdkDir + '/@ibm-aspera/http-gateway-sdk-js');
const job = JSON.parse(jobJSON);
const opts = typeof job.zip === 'boolean' ? { zipRequire: job.zip } : {};
gw.initHttpGateway(url, true)
  .then(() => gw.download(job.spec, opts))
  .then(async r => {
    const resp = await fetch(r.url);
    if (!resp.ok) throw new Error('GET ' + r.url + ': ' + resp.status);
    fs.writeFileSync(out, Buffer.from(await resp.arrayBuffer()));
    console.log(JSON.stringify({ status: 'completed', transfer_spec_id: r.transfer_spec_id }));
    process.exit(0); // the SDK's timers would keep Node running
  })
  .catch(e => { console.error('sdk:', e && e.stack ? e.stack : JSON.stringify(e)); process.exit(2); });
