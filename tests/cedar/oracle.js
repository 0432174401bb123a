// tests/cedar/oracle.js
//
// The official Cedar (cedar-wasm, pinned in package-lock.json) as a batch
// oracle for the differential test (differential_test.cc).
//
// Reads JSON lines on stdin, one case per line:
//   {"policies": "<policy text>", "entities": [...], "request":
//    {"principal": {"type","id"}, "action": {...}, "resource": {...},
//     "context": {...}}}
// (entities and request in Cedar's JSON formats) and answers one JSON line
// per case, in order:
//   {"decision": "allow"|"deny", "reasons": [sorted policy ids],
//    "errors": [sorted ids of the policies whose evaluation failed],
//    "parse_error": false}
// or, when the policies do not parse:
//   {"decision": "deny", "reasons": [], "errors": [], "parse_error": true,
//    "messages": [...]}
// and, when the entities or the request are refused:
//   {..., "parse_error": false, "input_error": true, "messages": [...]}
//
// A policy text seen recently is parsed once (preparsePolicySet) and then
// evaluated with statefulIsAuthorized.
//
// A line with "op": "validate" asks for Cedar's validator instead
// (validation_differential_test.cc):
//   {"op": "validate", "schema": "<Cedar schema text>", "policies": "<text>"}
// answered, with the strict mode:
//   {"schema_ok": true, "policies_ok": true,
//    "errors": {"policy0": [messages], ...},     (policies with errors only)
//    "warnings": {"policy2": [messages], ...},   (policies with warnings only)
//    "other_warnings": [messages]}
// or, with "messages", {"schema_ok": false, "policies_ok": false, ...}
// when the schema is refused, {"schema_ok": true, "policies_ok": false,
// ...} when the policies do not parse.
//
// A line with "op": "conform" reads entities and a request with a schema
// (conformance_differential_test.cc):
//   {"op": "conform", "schema": "<text>", "policies": "<text>",
//    "entities": [...], "request": {...}}
// answered
//   {"schema_ok", "entities_ok", "request_ok": booleans, "messages": [...],
//    and when both conform: "policies_ok", "decision", "reasons",
//    "errors" (sorted policy ids), "error_messages"}
// The entities are checked alone (checkParseEntities), the request alone
// (isAuthorized with validateRequest and no entity), then the request is
// decided with both (isAuthorized with the schema).

'use strict';

const cedar = require('@cedar-policy/cedar-wasm/nodejs');

// Longs are 64-bit, JavaScript numbers are doubles: cedar-wasm receives its
// arguments through JSON.stringify, so big integers are read as BigInt and
// written back digit for digit.
const kBigMarker = '\u0000cedar-long:';
const originalStringify = JSON.stringify;
JSON.stringify = function(value, replacer, space) {
  const text = originalStringify(value, (key, v) => {
    if (typeof v === 'bigint') return kBigMarker + v.toString();
    return typeof replacer === 'function' ? replacer(key, v) : v;
  }, space);
  if (text === undefined || text.indexOf('\\u0000cedar-long:') === -1) return text;
  return text.replace(/"\\u0000cedar-long:(-?[0-9]+)"/g, '$1');
};

function parseLine(line) {
  if (!/[0-9]{16}/.test(line)) return JSON.parse(line);
  // Integers too big for a double become {"\u0000big": "digits"}, then BigInt.
  const marked = line.replace(/"(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/g,
      (token) => {
        if (token[0] === '"' || !/^-?[0-9]+$/.test(token) ||
            Number.isSafeInteger(Number(token))) {
          return token;
        }
        return '{"\\u0000big":"' + token + '"}';
      });
  return JSON.parse(marked, (key, v) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) &&
        Object.prototype.hasOwnProperty.call(v, '\u0000big')) {
      return BigInt(v['\u0000big']);
    }
    return v;
  });
}

const kCacheSize = 256;
const cache = new Map();  // policy text -> {id} or {error: messages}
let nextSlot = 0;
const freeIds = [];

function messagesOf(errors) {
  return (errors || []).map((e) => (e && e.message) || JSON.stringify(e));
}

function prepare(text) {
  let entry = cache.get(text);
  if (entry !== undefined) {
    // Refresh its place in the insertion order (least recently used first).
    cache.delete(text);
    cache.set(text, entry);
    return entry;
  }
  if (cache.size >= kCacheSize) {
    const [oldText, oldEntry] = cache.entries().next().value;
    cache.delete(oldText);
    if (oldEntry.id !== undefined) freeIds.push(oldEntry.id);
  }
  const id = freeIds.length > 0 ? freeIds.pop() : 'pset' + nextSlot++;
  const answer = cedar.preparsePolicySet(id, {staticPolicies: text});
  if (answer.type === 'success') {
    entry = {id};
  } else {
    freeIds.push(id);
    entry = {error: messagesOf(answer.errors)};
  }
  cache.set(text, entry);
  return entry;
}

// Messages by policy id, without Cedar's "for policy `policyN`, " prefix.
function byPolicy(items) {
  const out = {};
  for (const item of items || []) {
    const message = ((item.error && item.error.message) || '')
        .replace(/^for policy `[^`]*`, /, '');
    (out[item.policyId] = out[item.policyId] || []).push(message);
  }
  return out;
}

function answerValidation(input) {
  const schema = String(input.schema);
  let answer;
  try {
    answer = cedar.validate({
      schema,
      policies: {staticPolicies: String(input.policies)},
      validationSettings: {mode: 'strict'},
    });
  } catch (e) {
    answer = {type: 'failure', errors: [{message: 'oracle: validate threw: ' + e}]};
  }
  if (answer.type !== 'success') {
    // The schema or the policies: tell which.
    const schemaCheck = cedar.checkParseSchema(schema);
    const schemaOk = schemaCheck.type === 'success';
    return {schema_ok: schemaOk, policies_ok: false,
            errors: {}, warnings: {}, other_warnings: [],
            messages: messagesOf(schemaOk ? answer.errors : schemaCheck.errors)};
  }
  return {
    schema_ok: true,
    policies_ok: true,
    errors: byPolicy(answer.validationErrors),
    warnings: byPolicy(answer.validationWarnings),
    other_warnings: messagesOf(answer.otherWarnings),
  };
}

function answerConformance(input) {
  const schema = String(input.schema);
  const schemaCheck = cedar.checkParseSchema(schema);
  if (schemaCheck.type !== 'success') {
    return {schema_ok: false, entities_ok: false, request_ok: false,
            messages: messagesOf(schemaCheck.errors)};
  }
  const entities = input.entities || [];
  const request = input.request || {};
  const call = (policies, store) => cedar.isAuthorized({
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    context: request.context || {},
    schema,
    validateRequest: true,
    policies: {staticPolicies: policies},
    entities: store,
  });
  const entitiesCheck = cedar.checkParseEntities({entities, schema});
  const requestCheck = call('', []);
  const out = {
    schema_ok: true,
    entities_ok: entitiesCheck.type === 'success',
    request_ok: requestCheck.type === 'success',
    messages: messagesOf(entitiesCheck.errors).concat(messagesOf(requestCheck.errors)),
  };
  if (!out.entities_ok || !out.request_ok) return out;
  const answer = call(String(input.policies), entities);
  if (answer.type !== 'success') {
    out.policies_ok = false;
    out.messages = messagesOf(answer.errors);
    return out;
  }
  const diagnostics = answer.response.diagnostics;
  out.policies_ok = true;
  out.decision = answer.response.decision;
  out.reasons = [...diagnostics.reason].sort();
  out.errors = [...new Set(diagnostics.errors.map((e) => e.policyId))].sort();
  out.error_messages = diagnostics.errors.map((e) => e.policyId + ': ' + e.error.message);
  return out;
}

function answerCase(line) {
  let input;
  try {
    input = parseLine(line);
  } catch (e) {
    return {decision: 'deny', reasons: [], errors: [], parse_error: false,
            input_error: true, messages: ['oracle: bad JSON line: ' + e.message]};
  }
  if (input.op === 'validate') return answerValidation(input);
  if (input.op === 'conform') {
    try {
      return answerConformance(input);
    } catch (e) {
      return {oracle_error: String(e)};
    }
  }
  const entry = prepare(String(input.policies));
  if (entry.error !== undefined) {
    return {decision: 'deny', reasons: [], errors: [], parse_error: true,
            messages: entry.error};
  }
  const request = input.request || {};
  const answer = cedar.statefulIsAuthorized({
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    context: request.context || {},
    entities: input.entities || [],
    preparsedPolicySetId: entry.id,
  });
  if (answer.type !== 'success') {
    return {decision: 'deny', reasons: [], errors: [], parse_error: false,
            input_error: true, messages: messagesOf(answer.errors)};
  }
  const diagnostics = answer.response.diagnostics;
  const errors = [...new Set(diagnostics.errors.map((e) => e.policyId))].sort();
  const out = {
    decision: answer.response.decision,
    reasons: [...diagnostics.reason].sort(),
    errors,
    parse_error: false,
  };
  if (input.messages) {
    out.messages = diagnostics.errors.map((e) => e.policyId + ': ' + e.error.message);
  }
  return out;
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let start = 0;
  let newline;
  const out = [];
  while ((newline = pending.indexOf('\n', start)) !== -1) {
    const line = pending.slice(start, newline);
    start = newline + 1;
    if (line.trim() === '') continue;
    out.push(JSON.stringify(answerCase(line)));
  }
  pending = pending.slice(start);
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
});
process.stdin.on('end', () => {
  if (pending.trim() !== '') {
    process.stdout.write(JSON.stringify(answerCase(pending)) + '\n');
  }
});
