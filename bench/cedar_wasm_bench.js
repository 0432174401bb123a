// Times cedar-wasm's statefulIsAuthorized on a preparsed policy set, one
// call at a time, for the requests suivi-bench-policy wrote. Prints one
// JSON line: {"p50_ns","p99_ns","decisions","validation_errors"} ("a"/"d"
// per request, in order, so the caller checks both engines agree;
// validation_errors: what Cedar's strict validator finds in the policies
// against the schema, and whether the entities and the first request
// conform to it).
//
//   node bench/cedar_wasm_bench.js DIR ROUNDS store|slice
//   (DIR: policies.cedar, schema.cedarschema, entities.json, requests.jsonl)
'use strict';
const fs = require('fs');
const path = require('path');
const cedar = require(path.join(__dirname, '..', 'tests', 'cedar', 'node_modules',
                                '@cedar-policy', 'cedar-wasm', 'nodejs'));

const dir = process.argv[2];
const policies = fs.readFileSync(path.join(dir, 'policies.cedar'), 'utf8');
const entities = JSON.parse(fs.readFileSync(path.join(dir, 'entities.json'), 'utf8'));
const requests = fs.readFileSync(path.join(dir, 'requests.jsonl'), 'utf8')
                     .split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
const rounds = Number(process.argv[3] || 3);

const schema = fs.readFileSync(path.join(dir, 'schema.cedarschema'), 'utf8');
const validationErrors = [];
const validation = cedar.validate({schema, policies: {staticPolicies: policies},
                                   validationSettings: {mode: 'strict'}});
if (validation.type !== 'success') {
  validationErrors.push(...validation.errors.map((e) => e.message));
} else {
  validationErrors.push(...validation.validationErrors.map(
      (e) => e.policyId + ': ' + e.error.message));
}
const conformance = cedar.isAuthorized({
  principal: requests[0].principal, action: requests[0].action, resource: requests[0].resource,
  context: requests[0].context, policies: {staticPolicies: policies}, entities, schema,
  validateRequest: true});
if (conformance.type !== 'success') {
  validationErrors.push(...conformance.errors.map((e) => e.message));
}

const prepared = cedar.preparsePolicySet('bench', {staticPolicies: policies});
if (prepared.type !== 'success') {
  console.error(JSON.stringify(prepared));
  process.exit(1);
}

// cedar-wasm 4.13 preparses policy sets and schemas, not entities: the
// entities go with every call. Two ways: the whole store, or the slice a
// server would send (the request's entities, their ancestors and the
// entities their attributes name, transitively).
const byKey = new Map(entities.map((e) => [e.uid.type + '::' + e.uid.id, e]));
function referenced(value, out) {
  if (Array.isArray(value)) {
    value.forEach((v) => referenced(v, out));
  } else if (value && typeof value === 'object') {
    if (value.__entity) out.push(value.__entity);
    else Object.values(value).forEach((v) => referenced(v, out));
  }
}
function slice(r) {
  const seen = new Map();
  const todo = [r.principal, r.action, r.resource];
  referenced(r.context, todo);
  while (todo.length > 0) {
    const uid = todo.pop();
    const key = uid.type + '::' + uid.id;
    if (seen.has(key) || !byKey.has(key)) continue;
    const e = byKey.get(key);
    seen.set(key, e);
    todo.push(...e.parents);
    referenced(e.attrs, todo);
  }
  return [...seen.values()];
}
const slices = requests.map(slice);
const mode = process.argv[4] || 'store';

function call(r, i) {
  return cedar.statefulIsAuthorized({principal: r.principal, action: r.action,
                                     resource: r.resource, context: r.context,
                                     entities: mode === 'slice' ? slices[i] : entities,
                                     preparsedPolicySetId: 'bench'});
}

let decisions = '';
for (const [i, r] of requests.entries()) {
  const answer = call(r, i);
  if (answer.type !== 'success') {
    console.error(JSON.stringify(answer));
    process.exit(1);
  }
  decisions += answer.response.decision === 'allow' ? 'a' : 'd';
}
const times = [];
for (let round = 0; round < rounds; ++round) {
  for (const [i, r] of requests.entries()) {
    const start = process.hrtime.bigint();
    call(r, i);
    times.push(Number(process.hrtime.bigint() - start));
  }
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(JSON.stringify({p50_ns: at(0.5), p99_ns: at(0.99), decisions,
                            validation_errors: validationErrors}));
