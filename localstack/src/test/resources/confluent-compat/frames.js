'use strict';
// Confluent's official Node schema-registry client on the frames of ConfluentClientCompatIT. One process serves a
// whole batch: loading the package takes seconds.
//
//   node frames.js decode <registryUrl>   stdin: [{"topic": "...", "frame": "<base64>"}, ...]
//     prints a JSON array: each frame decoded by the package's AvroDeserializer (SerdeType.VALUE, default config).
//   node frames.js encode <registryUrl>   stdin: [{"topic": "...", "schema": "<Avro schema JSON>", "records": [...]}]
//     for each topic, registers the schema under <topic>-value with the package's client and serializes the
//     records with its AvroSerializer (useLatestVersion), as the package's README does; prints
//     [{"id": <registered id>, "frames": ["<base64>", ...]}, ...].
//
// Values are avsc's: timestamp-millis and date as plain numbers, enums as strings, [null, T] unions unwrapped;
// bytes are printed as base64. Only JSON goes to stdout; any failure exits 1 with the error on stderr.
const { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } = require('@confluentinc/schemaregistry');

async function decode(registry, jobs) {
  const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const values = [];
  for (const { topic, frame } of jobs) {
    values.push(await deserializer.deserialize(topic, Buffer.from(frame, 'base64')));
  }
  // JSON.stringify turns a Buffer into {type, data} before a replacer sees it, so look at the holder's raw value.
  return JSON.stringify(values, function (key, value) {
    const raw = this[key];
    return Buffer.isBuffer(raw) ? raw.toString('base64') : value;
  });
}

async function encode(registry, jobs) {
  const results = [];
  for (const { topic, schema, records } of jobs) {
    // A Node user registers the .avsc file as written, indented; the registry decides whether it knows the schema.
    const text = JSON.stringify(JSON.parse(schema), null, 2);
    const id = await registry.register(topic + '-value', { schemaType: 'AVRO', schema: text });
    const serializer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
    const frames = [];
    for (const record of records) {
      frames.push((await serializer.serialize(topic, record)).toString('base64'));
    }
    results.push({ id, frames });
  }
  return JSON.stringify(results);
}

function readStdin() {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => { text += chunk; });
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

async function main([command, url]) {
  if (!url || (command !== 'decode' && command !== 'encode')) {
    throw new Error('usage: frames.js decode|encode <registryUrl> < jobs.json');
  }
  const registry = new SchemaRegistryClient({ baseURLs: [url] });
  const jobs = JSON.parse(await readStdin());
  return command === 'decode' ? decode(registry, jobs) : encode(registry, jobs);
}

main(process.argv.slice(2)).then(
  // The client's HTTP agent keeps sockets open: exit once the output is written.
  (out) => process.stdout.write(out + '\n', () => process.exit(0)),
  (err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(1);
  });
