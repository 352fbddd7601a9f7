import { describe, expect, it } from "vitest";
import { extractPattern } from "./extract-helper.js";

/** A pattern and what a correct extractor makes of it: IOCs (`type:value`), non-atomic count, or a problem. */
type Case = [
  pattern: string,
  expected: { iocs?: string[]; nonAtomic?: number; nonStandard?: number; warning?: RegExp; problem?: RegExp },
];

const cases: Case[] = [];
const ioc = (pattern: string, ...iocs: string[]) => cases.push([pattern, { iocs }]);
const nonAtomic = (pattern: string, count = 1, ...iocs: string[]) =>
  cases.push([pattern, { iocs, nonAtomic: count }]);
const problem = (pattern: string, matcher: RegExp) => cases.push([pattern, { problem: matcher }]);
/** Grammatical, with `count` comparisons outside the vocabulary: warned, no IOC from them, the rest extracted. */
const nonStandard = (pattern: string, count: number, warning: RegExp, ...iocs: string[]) =>
  cases.push([pattern, { iocs, nonStandard: count, warning }]);
/** One comparison fails (its problem), its siblings are still IOCs. */
const partial = (pattern: string, matcher: RegExp, ...iocs: string[]) =>
  cases.push([pattern, { problem: matcher, iocs }]);

// IPv4 and CIDR (spec 9.x examples and address forms).
for (const address of [
  "198.51.100.1",
  "203.0.113.33",
  "10.0.0.0",
  "255.255.255.255",
  "0.0.0.0",
  "1.2.3.4",
  "192.0.2.254",
  "100.64.0.1",
  "172.16.254.1",
  "8.8.8.8",
])
  ioc(`[ipv4-addr:value = '${address}']`, `ipv4:${address}`);
for (const cidr of ["198.51.100.0/24", "10.0.0.0/8", "203.0.113.0/25", "192.0.2.0/30", "0.0.0.0/0"])
  ioc(`[ipv4-addr:value = '${cidr}']`, `cidr:${cidr}`);
ioc("[ipv4-addr:value = '198.51.100.7/32']", "ipv4:198.51.100.7");
ioc("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", "cidr:198.51.100.0/24");
for (const bad of [
  "999.1.2.3",
  "10.0.0",
  "1.2.3.4.5",
  "not-an-ip",
  "256.0.0.1",
  "1.2.3.4/33",
  "1.2.3.4/x",
  "01.2.3.4",
  "1.2.3.-4",
  "",
  " ",
  "1.2.3.4/24/8",
  "::1",
  "1,2,3,4",
  "abc.def.ghi.jkl",
])
  problem(`[ipv4-addr:value = '${bad}']`, /INVALID_VALUE/);

// IPv6, compressed per RFC 5952.
const v6: Array<[string, string]> = [
  ["2001:db8::1", "2001:db8::1"],
  ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
  ["2001:DB8::ABCD", "2001:db8::abcd"],
  ["::1", "::1"],
  ["fe80:0:0:0:0:0:0:1", "fe80::1"],
  ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
  ["::", "::"],
  ["2001:db8::", "2001:db8::"],
  ["ff02::2", "ff02::2"],
  ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"],
];
for (const [input, output] of v6) ioc(`[ipv6-addr:value = '${input}']`, `ipv6:${output}`);
ioc("[ipv6-addr:value = '2001:db8::/32']", "cidr:2001:db8::/32");
for (const bad of ["2001:db8:::1", "gggg::1", "1.2.3.4", "2001:db8::/129", "12345::"])
  problem(`[ipv6-addr:value = '${bad}']`, /INVALID_VALUE/);

// Domains: lower-cased, IDN to punycode, trailing dot dropped.
const domains: Array<[string, string]> = [
  ["example.com", "example.com"],
  ["EXAMPLE.COM", "example.com"],
  ["Sub.Example.Org", "sub.example.org"],
  ["xn--bcher-kva.example", "xn--bcher-kva.example"],
  ["bücher.example", "xn--bcher-kva.example"],
  ["example.com.", "example.com"],
  ["a-b.c-d.net", "a-b.c-d.net"],
  ["_dmarc.example.com", "_dmarc.example.com"],
  ["localhost", "localhost"],
  ["x.y.z.w.example.info", "x.y.z.w.example.info"],
];
for (const [input, output] of domains) ioc(`[domain-name:value = '${input}']`, `domain:${output}`);
for (const bad of [
  "-bad.example",
  "bad-.example",
  "has space.example",
  "a/b.example",
  "1.2.3.4",
  "user@example.com",
  "a..b",
  "",
])
  problem(`[domain-name:value = '${bad}']`, /INVALID_VALUE/);

// URLs verbatim; e-mail with lower-cased domain.
for (const url of [
  "http://example.com/",
  "https://Example.com/Path?Q=1",
  "ftp://198.51.100.1/file",
  "https://example.com/a%20b",
  "http://[2001:db8::1]:8080/",
])
  ioc(`[url:value = '${url}']`, `url:${url}`);
// Defanged: refanged by default (issue 19, item 9; the feed's text is kept in value_original).
ioc("[url:value = 'hxxp://defanged.example/x']", "url:http://defanged.example/x");
problem("[url:value = 'has space']", /INVALID_VALUE/);
const emails: Array<[string, string]> = [
  ["alice@example.com", "alice@example.com"],
  ["Bob@EXAMPLE.com", "Bob@example.com"],
  ["first.last+tag@sub.example.org", "first.last+tag@sub.example.org"],
];
for (const [input, output] of emails) ioc(`[email-addr:value = '${input}']`, `email:${output}`);
for (const bad of ["no-at-sign", "@example.com", "user@", "user@bad host"])
  problem(`[email-addr:value = '${bad}']`, /INVALID_VALUE/);
ioc("[email-message:from_ref.value = 'phish@Example.com']", "email:phish@example.com");
ioc("[email-message:sender_ref.value = 'a@example.com']", "email:a@example.com");
ioc("[email-message:to_refs[*].value = 'victim@example.com']", "email:victim@example.com");
ioc("[email-message:cc_refs[0].value = 'cc@example.com']", "email:cc@example.com");
ioc("[email-message:subject = 'Invoice overdue']", "email-subject:Invoice overdue");
ioc(
  "[email-message:from_ref.value = 'x@example.com' AND email-message:subject = 'Hi']",
  "email:x@example.com",
  "email-subject:Hi",
);

// File hashes: every algorithm, lower-cased, merged by AND, strongest hash as value.
const md5 = "d41d8cd98f00b204e9800998ecf8427e";
const sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
const sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const sha512 =
  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
const sha3 = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";
const hashCases: Array<[string, string]> = [
  ["MD5", md5],
  ["'MD5'", md5],
  ["'SHA-1'", sha1],
  ["'SHA-256'", sha256],
  ["'SHA-512'", sha512],
  ["'SHA3-256'", sha3],
  ["'SHA256'", sha256],
  ["'sha-256'", sha256],
];
for (const [name, hash] of hashCases) {
  ioc(`[file:hashes.${name} = '${hash}']`, `file:${hash}`);
  ioc(`[file:hashes.${name} = '${hash.toUpperCase()}']`, `file:${hash}`);
}
ioc(
  "[file:hashes.SSDEEP = '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']",
  "file:3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C",
);
ioc("[file:hashes.TLSH = 'T1A1B2C3']", "file:t1a1b2c3");
ioc(`[file:hashes.MD5 = '${md5}' AND file:hashes.'SHA-256' = '${sha256}']`, `file:${sha256}`);
ioc(`[file:hashes.'SHA-1' = '${sha1}' AND file:name = 'evil.exe' AND file:size = 1024]`, `file:${sha1}`);
ioc(`[file:hashes.MD5 = '${md5}' OR file:hashes.'SHA-1' = '${sha1}']`, `file:${md5}`, `file:${sha1}`);
ioc("[file:name = 'invoice.pdf.exe']", "file:invoice.pdf.exe");
for (const [name, bad] of [
  ["MD5", "abc"],
  ["'SHA-1'", md5],
  ["'SHA-256'", sha1],
  ["'SHA-512'", sha256],
  ["MD5", "zz41d8cd98f00b204e9800998ecf8427e"],
])
  problem(`[file:hashes.${name} = '${bad}']`, /INVALID_VALUE: .* hash/);
ioc(`[artifact:hashes.'SHA-256' = '${sha256}']`, `artifact:${sha256}`);

// Other observable types.
ioc(`[x509-certificate:hashes.'SHA-256' = '${sha256}']`, `x509:${sha256}`);
ioc(
  "[x509-certificate:serial_number = '36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49']",
  "x509:36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49",
);
ioc("[x509-certificate:subject = 'CN=evil.example']", "x509:CN=evil.example");
ioc("[x509-certificate:issuer = 'CN=Evil CA, O=Evil']", "x509:CN=Evil CA, O=Evil");
ioc(
  "[x509-certificate:subject = 'CN=evil.example' AND x509-certificate:issuer = 'CN=Evil CA']",
  "x509:CN=evil.example",
);
ioc("[autonomous-system:number = 64496]", "asn:64496");
problem("[autonomous-system:number = 'AS-x']", /not an AS number/);
ioc("[mac-addr:value = 'D2:FB:49:24:37:18']", "mac:d2:fb:49:24:37:18");
problem("[mac-addr:value = 'd2:fb:49']", /not a MAC address/);
ioc("[mutex:name = 'Global\\\\EvilMutex']", "mutex:Global\\EvilMutex");
ioc(
  "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\Software\\\\Run']",
  "registry-key:HKEY_LOCAL_MACHINE\\Software\\Run",
);
ioc(
  "[windows-registry-key:key = 'HKLM\\\\Run' AND windows-registry-key:values[*].name = 'updater']",
  "registry-key:HKLM\\Run",
);
ioc("[process:command_line = 'powershell -enc AAAA']", "process:powershell -enc AAAA");
ioc("[process:name = 'evil.exe']", "process:evil.exe");
ioc("[user-account:account_login = 'admin2']", "user-account:admin2");
ioc("[user-account:user_id = '1001']", "user-account:1001");
ioc("[software:name = 'EvilTool' AND software:vendor = 'Acme']", "software:EvilTool");
ioc(
  "[software:cpe = 'cpe:2.3:a:acme:tool:1.0:*:*:*:*:*:*:*']",
  "software:cpe:2.3:a:acme:tool:1.0:*:*:*:*:*:*:*",
);
ioc("[directory:path = 'C:\\\\Windows\\\\Temp\\\\x']", "directory:C:\\Windows\\Temp\\x");
ioc(
  "[network-traffic:dst_ref.value = '198.51.100.9' AND network-traffic:dst_port = 443]",
  "ipv4:198.51.100.9",
);
ioc("[network-traffic:src_ref.value = '2001:db8::9']", "ipv6:2001:db8::9");
ioc(
  "[network-traffic:dst_ref.value = 'c2.example.com' AND network-traffic:protocols[*] = 'tcp']",
  "domain:c2.example.com",
);
ioc(
  "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'EvilBot/1.0']",
  "user-agent:EvilBot/1.0",
);
nonStandard("[x-acme-widget:value = 'anything']", 1, /custom object type/);

// IN, OR, AND across types, several observations, qualifiers.
ioc(
  "[ipv4-addr:value IN ('198.51.100.1', '198.51.100.2', '198.51.100.3')]",
  "ipv4:198.51.100.1",
  "ipv4:198.51.100.2",
  "ipv4:198.51.100.3",
);
ioc("[domain-name:value IN ('a.example', 'b.example')]", "domain:a.example", "domain:b.example");
ioc(
  "[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '198.51.100.2']",
  "ipv4:198.51.100.1",
  "ipv4:198.51.100.2",
);
ioc(
  "[ipv4-addr:value = '198.51.100.1'] OR [domain-name:value = 'x.example']",
  "ipv4:198.51.100.1",
  "domain:x.example",
);
ioc(
  "[ipv4-addr:value = '198.51.100.1'] AND [domain-name:value = 'x.example']",
  "ipv4:198.51.100.1",
  "domain:x.example",
);
ioc(
  "[ipv4-addr:value = '198.51.100.1'] FOLLOWEDBY [url:value = 'http://x.example/']",
  "ipv4:198.51.100.1",
  "url:http://x.example/",
);
ioc("[ipv4-addr:value = '198.51.100.1'] WITHIN 300 SECONDS", "ipv4:198.51.100.1");
ioc("[ipv4-addr:value = '198.51.100.1'] REPEATS 5 TIMES", "ipv4:198.51.100.1");
ioc(
  "[ipv4-addr:value = '198.51.100.1'] START t'2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00Z'",
  "ipv4:198.51.100.1",
);
ioc(
  "([ipv4-addr:value = '198.51.100.1'] AND [ipv4-addr:value = '198.51.100.2']) WITHIN 60 SECONDS",
  "ipv4:198.51.100.1",
  "ipv4:198.51.100.2",
);
ioc("([ipv4-addr:value = '198.51.100.1'] OR [ipv4-addr:value = '198.51.100.1'])", "ipv4:198.51.100.1");
ioc(
  "[ipv4-addr:value = '198.51.100.1' AND (domain-name:value = 'a.example' OR domain-name:value = 'b.example')]",
  "ipv4:198.51.100.1",
  "domain:a.example",
  "domain:b.example",
);
ioc("[(ipv4-addr:value = '198.51.100.1')]", "ipv4:198.51.100.1");
ioc("[ipv4-addr:value == '198.51.100.1']", "ipv4:198.51.100.1");
ioc("[ipv4-addr:value='198.51.100.1']", "ipv4:198.51.100.1");
ioc("  [ ipv4-addr:value   =   '198.51.100.1' ]  ", "ipv4:198.51.100.1");
ioc("[domain-name:value = 'it\\'s.example']");
cases.pop();
problem("[domain-name:value = 'it\\'s.example']", /INVALID_VALUE/);

// Comparisons that are not exact matches: counted, never IOCs.
const paths = ["ipv4-addr:value", "domain-name:value", "url:value", "file:name", "email-addr:value"];
for (const path of paths) {
  nonAtomic(`[${path} != 'x']`);
  nonAtomic(`[${path} NOT = 'x']`);
  nonAtomic(`[${path} LIKE '%.example']`);
  nonAtomic(`[${path} MATCHES '^evil']`);
  nonAtomic(`[${path} > 'a']`);
  nonAtomic(`[${path} <= 'z']`);
  nonAtomic(`[${path} NOT IN ('a', 'b')]`);
  nonAtomic(`[${path} NOT LIKE 'x%']`);
}
nonAtomic("[file:size > 1000000]");
nonAtomic("[file:size >= 10 AND file:size <= 20]", 2);
nonAtomic("[ipv4-addr:value ISSUPERSET '198.51.100.1']");
nonAtomic("[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']");
nonAtomic(`[file:hashes.MD5 = '${md5}' AND file:size > 100]`, 1, `file:${md5}`);
nonAtomic("[url:value MATCHES '^https?://' ] OR [domain-name:value = 'x.example']", 1, "domain:x.example");
nonAtomic("[EXISTS windows-registry-key:values]");

// Literals.
ioc("[file:magic_number_hex = h'ffd8ffe0']");
ioc("[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']");
ioc("[file:mtime = t'2026-01-01T00:00:00.123Z']");
nonStandard("[x-acme:flag = true]", 1, /custom object type/);
nonStandard("[x-acme:ratio = 0.5]", 1, /custom object type/);
nonStandard("[x-acme:offset = -5]", 1, /custom object type/);
problem("[file:magic_number_hex = h'fff']", /PATTERN_SYNTAX: hex literal/);
problem("[file:magic_number_hex = h'zz']", /PATTERN_SYNTAX: hex literal/);
problem("[artifact:payload_bin = b'not base64!']", /PATTERN_SYNTAX: binary literal/);
problem("[file:mtime = t'2026-13-01T00:00:00Z']", /PATTERN_SYNTAX: timestamp literal/);
problem("[file:mtime = t'2026-01-01 00:00:00']", /PATTERN_SYNTAX: timestamp literal/);
problem("[file:mtime = t'2026-01-01T00:00:00+01:00']", /PATTERN_SYNTAX: timestamp literal/);
problem("[file:mtime = t'yesterday']", /PATTERN_SYNTAX: timestamp literal/);
problem("[x:y = 'a\\b']", /PATTERN_SYNTAX: invalid escape/);

// Syntax errors, with the offset of the problem.
const syntax: Array<[string, RegExp]> = [
  ["", /MISSING_PATTERN: the indicator has no pattern/],
  ["   ", /MISSING_PATTERN/],
  ["ipv4-addr:value = '1.2.3.4'", /expected '\[' .* at offset 0/],
  [
    "[ipv4-addr:value = '1.2.3.4'",
    /expected '\]' closing the observation expression, found end of pattern at offset 28/,
  ],
  ["[ipv4-addr:value = '1.2.3.4']]", /at offset 29/],
  ["[ipv4-addr:value '1.2.3.4']", /expected a comparison operator .* at offset 17/],
  ["[ipv4-addr value = '1.2.3.4']", /expected ':' after the object type, found 'value' at offset 11/],
  ["[ipv4-addr: = '1.2.3.4']", /expected a property name, found .* at offset 12/],
  ["[ipv4-addr:value = ]", /expected a literal .* at offset 19/],
  ["[ipv4-addr:value = '1.2.3.4' AND]", /expected an object path .* at offset 32/],
  ["[ipv4-addr:value = '1.2.3.4' OR ]", /expected an object path/],
  ["[ipv4-addr:value = '1.2.3.4'] AND", /expected '\[' .* found end of pattern/],
  [
    "[ipv4-addr:value = '1.2.3.4'] and [url:value = 'x']",
    /expected AND, OR, FOLLOWEDBY, a qualifier or the end, found 'and'/,
  ],
  [
    "[ipv4-addr:value = 'a' < 'b']",
    /expected '\]' closing the observation expression, found '<' at offset 23/,
  ],
  ["[file:hashes.MD5 = 'a' h'00']", /found 'h'00'' at offset 23/],
  ["[true:value = 'x']", /expected an object path such as ipv4-addr:value, found 'true' at offset 1/],
  ["[ipv4-addr:value = 'unterminated]", /unterminated string literal/],
  ["[ipv4-addr:value = 10.0.0.2]", /PATTERN_SYNTAX/],
  ["[ipv4-addr:value IN '1.2.3.4']", /expected '\(' starting the set after IN/],
  ["[ipv4-addr:value IN ('1.2.3.4',)]", /expected a literal/],
  ["[ipv4-addr:value IN ('1.2.3.4' '5.6.7.8')]", /expected '\)' or ','/],
  ["[url:value MATCHES 5]", /MATCHES needs a string literal/],
  ["[url:value LIKE 5]", /LIKE needs a string literal/],
  ["[file:size > true]", /cannot compare a boolean/],
  ["[ipv4-addr:value = '1.2.3.4'] WITHIN SECONDS", /WITHIN needs a positive number of seconds/],
  ["[ipv4-addr:value = '1.2.3.4'] WITHIN 0 SECONDS", /WITHIN needs a positive/],
  ["[ipv4-addr:value = '1.2.3.4'] WITHIN 5", /expected SECONDS/],
  ["[ipv4-addr:value = '1.2.3.4'] REPEATS 1.5 TIMES", /REPEATS needs a positive integer/],
  ["[ipv4-addr:value = '1.2.3.4'] REPEATS 3", /expected TIMES/],
  [
    "[ipv4-addr:value = '1.2.3.4'] START '2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00Z'",
    /START needs a timestamp literal/,
  ],
  ["[ipv4-addr:value = '1.2.3.4'] START t'2026-01-01T00:00:00Z'", /expected STOP/],
  ["[file:hashes.SHA-256 = 'x']", /contains '-': quote it/],
  ["[file:hashes[x] = 'y']", /expected a list index or '\*'/],
  ["[file:hashes[0 = 'y']", /expected '\]' closing the list index/],
  ["[ipv4-addr:value = '1.2.3.4'] # comment", /unexpected character '#'/],
  ["[ipv4-addr:value ! '1.2.3.4']", /expected '!=' after '!'/],
  ["[ipv4-addr:value = 1x]", /expected '\]' closing the observation expression, found 'x'/],
  ["[ipv4-addr:value = 1.]", /expected digits after the decimal point/],
  ["([ipv4-addr:value = '1.2.3.4']", /expected '\)'/],
  ["[]", /expected an object path/],
  ["()", /expected '\['/],
  ["[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY", /expected '\['/],
  ["[ipv4-addr:value NOT '1.2.3.4']", /expected a comparison operator/],
];
for (const [pattern, matcher] of syntax) problem(pattern, matcher);

// Issue 19, items 1–2: outside the vocabulary is grammatical; such comparisons are counted (non_standard) and
// warned, give no IOC, and the rest of the pattern is extracted.
nonStandard("[ipv4-address:value = '1.2.3.4']", 1, /NON_STANDARD_PATH: object type 'ipv4-address' is not/);
nonStandard("[ipv4-addr:address = '1.2.3.4']", 1, /NON_STANDARD_PATH: 'ipv4-addr' has no property 'address'/);
nonStandard("[file:md5 = 'x']", 1, /'file' has no property 'md5'/);
nonStandard("[ipv4-addr:x_acme_score = 5]", 1, /custom property 'ipv4-addr:x_acme_score'/);
nonStandard("[x-acme-thing:anything.nested[0] = 'v']", 1, /custom object type 'x-acme-thing'/);
nonStandard("[Ipv4-Addr:value = '1.2.3.4']", 1, /object type 'Ipv4-Addr'/);
nonStandard("[x_whatever:detected = t'2018-03-22T12:11:14.1Z']", 1, /object type 'x_whatever'/);
nonStandard(
  "[file:name = 'report.xls' AND email:subject = 'Invoice']",
  1,
  /object type 'email' is not a STIX cyber-observable type/,
  "file:report.xls",
);
nonStandard(
  `[file:custom = 'a' AND file:hashes.MD5 = '${md5}']`,
  1,
  /'file' has no property 'custom'/,
  `file:${md5}`,
);
nonStandard(
  "[domain-name:value = 'a.example' OR x-acme:thing = 'b' OR url:value = 'http://c.example/']",
  1,
  /custom object type 'x-acme'/,
  "domain:a.example",
  "url:http://c.example/",
);
// STIX 2.0 names (taxiway reads 2.0 feeds): in the vocabulary, and process:binary_ref.name is a process IOC.
ioc("[file:created = t'2016-01-01T00:00:00Z' AND file:name = 'a.exe']", "file:a.exe");
ioc("[process:created = t'2016-01-01T00:00:00Z']");
ioc("[process:binary_ref.name = 'evil.exe']", "process:evil.exe");

// Issue 19, item 3: an invalid value fails its comparison, not the pattern.
partial(
  "[domain-name:value = 'bad name.example' OR ipv4-addr:value = '203.0.113.9']",
  /INVALID_VALUE: 'bad name.example' is not a domain name/,
  "ipv4:203.0.113.9",
);
partial(
  `[file:hashes.MD5 = 'nothex' AND file:name = 'a.exe']`,
  /INVALID_VALUE: 'nothex' is not a MD5 hash/,
  "file:a.exe",
);
partial(
  "[ipv4-addr:value = '999.1.1.1'] OR [url:value = 'http://ok.example/']",
  /INVALID_VALUE/,
  "url:http://ok.example/",
);

// Issue 19, item 5: the grammar both ways (STIX 2.1 patterning grammar, as the OASIS validator reads it).
const v4 = "[ipv4-addr:value = '198.51.100.1']";
ioc(`${v4} WITHIN .5 SECONDS`, "ipv4:198.51.100.1");
ioc(`${v4} WITHIN 5SECONDS`, "ipv4:198.51.100.1");
ioc(`${v4} START t'2016-12-31T23:59:60Z' STOP t'2017-01-01T00:00:00Z'`, "ipv4:198.51.100.1");
ioc(`${v4} START t'2016-07-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'`, "ipv4:198.51.100.1");
ioc(`${v4} START t'2024-02-30T00:00:00Z' STOP t'2024-03-01T00:00:00Z'`, "ipv4:198.51.100.1");
ioc(`/* from the feed */ ${v4} // trailing comment`, "ipv4:198.51.100.1");
ioc("[ipv4-addr:value/**/=/**/'198.51.100.1']", "ipv4:198.51.100.1");
ioc("[ipv4-addr:value\u00a0=\u2003'198.51.100.1']\u3000", "ipv4:198.51.100.1");
ioc(`(${v4}) WITHIN 5 SECONDS WITHIN 6 SECONDS`, "ipv4:198.51.100.1");
ioc(`(${v4} WITHIN 5 SECONDS) WITHIN 6 SECONDS`, "ipv4:198.51.100.1");
nonAtomic("[NOT EXISTS file:name]");
nonStandard("[NOT EXISTS x-a:b]", 1, /custom object type 'x-a'/);
nonAtomic("[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$']");
nonAtomic("[file:name MATCHES '(?i)virus\\\\.exe']");
nonAtomic("[file:name MATCHES '^report{2024}\\\\.xls$']");
nonAtomic("[url:value MATCHES '(unclosed']");
nonStandard("[x-acme:ratio = 01.5]", 1, /custom object type/);
for (const [pattern, matcher] of [
  [`${v4} WITHIN 5 SECONDS WITHIN 6 SECONDS`, /a second WITHIN on one observation expression/],
  [`(${v4} REPEATS 2 TIMES REPEATS 3 TIMES)`, /a second REPEATS/],
  [
    `${v4} START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z' START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'`,
    /a second START\/STOP/,
  ],
  ["[x-acme:blob = b'']", /binary literal b'…' is not valid base64/],
  ["[x-acme:count = 01]", /an integer must not start with 0/],
  [`${v4} WITHIN 05 SECONDS`, /an integer must not start with 0/],
  [`${v4} /* never closed`, /unterminated comment/],
  ["[x-acme:when = t'2016-12-31T24:00:00Z']", /timestamp literal/],
] as Array<[string, RegExp]>)
  problem(pattern, matcher);

// Qualifiers and observation operators over every common observable type.
const observations: Array<[string, string]> = [
  ["[ipv4-addr:value = '198.51.100.5']", "ipv4:198.51.100.5"],
  ["[domain-name:value = 'q.example']", "domain:q.example"],
  ["[url:value = 'http://q.example/p']", "url:http://q.example/p"],
  ["[email-addr:value = 'q@q.example']", "email:q@q.example"],
  [`[file:hashes.MD5 = '${md5}']`, `file:${md5}`],
];
for (const [observation, expected] of observations) {
  ioc(`${observation} WITHIN 10 SECONDS`, expected);
  ioc(`${observation} REPEATS 2 TIMES WITHIN 10.5 SECONDS`, expected);
  ioc(`${observation} START t'2026-01-01T00:00:00Z' STOP t'2026-01-02T00:00:00.5Z'`, expected);
}
for (let n = 2; n <= 5; n++) {
  const chain = Array.from({ length: n }, (_, i) => `[ipv4-addr:value = '198.51.100.${i + 10}']`).join(
    " FOLLOWEDBY ",
  );
  ioc(chain, ...Array.from({ length: n }, (_, i) => `ipv4:198.51.100.${i + 10}`));
}
for (let depth = 1; depth <= 10; depth++)
  ioc(
    `${"(".repeat(depth)}[ipv4-addr:value = '198.51.100.${depth}']${")".repeat(depth)}`,
    `ipv4:198.51.100.${depth}`,
  );
for (const role of ["from_ref", "sender_ref", "to_refs[*]", "cc_refs[*]", "bcc_refs[1]"])
  ioc(`[email-message:${role}.value = 'r@R.example']`, "email:r@r.example");
for (const side of ["src_ref", "dst_ref"]) {
  ioc(`[network-traffic:${side}.value = '203.0.113.7']`, "ipv4:203.0.113.7");
  ioc(`[network-traffic:${side}.value = '2001:DB8::7']`, "ipv6:2001:db8::7");
  ioc(`[network-traffic:${side}.value = 'Evil.Example']`, "domain:evil.example");
}
ioc("[autonomous-system:number IN (64496, 64497, 64498)]", "asn:64496", "asn:64497", "asn:64498");
for (const kind of ["artifact", "x509-certificate"]) {
  const type = kind === "artifact" ? "artifact" : "x509";
  ioc(`[${kind}:hashes.'SHA-256' = '${sha256.toUpperCase()}']`, `${type}:${sha256}`);
  ioc(`[${kind}:hashes.MD5 = '${md5}']`, `${type}:${md5}`);
  ioc(`[${kind}:hashes.MD5 = '${md5}' AND ${kind}:hashes.'SHA-1' = '${sha1}']`, `${type}:${sha1}`);
}

describe("STIX pattern case table", () => {
  it("has at least 300 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  for (const [pattern, expected] of cases) {
    it(pattern || "(empty pattern)", () => {
      const result = extractPattern(pattern);
      if (expected.problem) {
        expect(result.problems.join("\n")).toMatch(expected.problem);
        expect(result.iocs).toEqual(expected.iocs ?? []);
      } else {
        expect(result.problems).toEqual([]);
        expect(result.iocs).toEqual(expected.iocs ?? []);
        expect(result.nonAtomic).toBe(expected.nonAtomic ?? 0);
        expect(result.nonStandard).toBe(expected.nonStandard ?? 0);
        if (expected.warning) expect(result.warnings.join("\n")).toMatch(expected.warning);
      }
    });
  }
});
