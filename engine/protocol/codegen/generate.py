#!/usr/bin/env python3
"""Generates the Kafka wire codec (messages.h / messages.cpp) from engine/protocol/messages/*.def.

Called by CMake at build time (one add_custom_command); standard library only.

    generate.py --out-dir <dir> <file.def>...

writes <dir>/engine/protocol/messages.h and messages.cpp. The definition format is
described in engine/protocol/README.md; in short:

    # comment
    api Produce key=0 versions=0-11 flexible=9+
    request
      Acks             int16              0+
      TopicData        []TopicProduceData 0+
        Name           string             0+    nullable=3+ default=null
      CurrentLeader    LeaderIdAndEpoch   10+   tag=0
      struct Shared 0+                     (a common struct, referenced by name)
        Field          int32              0+
    response
      ...

Each field line is: Name Type Versions [nullable=V] [tag=N] [default=D]. Children of a
struct or struct-array field are indented two more spaces. A field with tag=N is a tagged
field (KIP-482) in all of its versions.
"""

import argparse
import os
import re
import sys

PRIMITIVES = {
    'bool': 'bool',
    'int8': 'int8_t',
    'int16': 'int16_t',
    'uint16': 'uint16_t',
    'int32': 'int32_t',
    'int64': 'int64_t',
    'float64': 'double',
    'string': 'std::string',
    'bytes': 'runnel::Bytes',
    'records': 'runnel::Bytes',
    'uuid': 'Uuid',
}

# Smallest encoding of one array element, used to reject absurd array lengths before
# allocating (a hostile length must never cost more memory than the frame holds).
MIN_SIZE = {
    'bool': 1, 'int8': 1, 'int16': 2, 'uint16': 2, 'int32': 4, 'int64': 8, 'float64': 8,
    'uuid': 16, 'string': 1, 'bytes': 1, 'records': 1,
}


class DefError(Exception):
    pass


class Versions:
    """An inclusive version range; hi None means open-ended, empty means 'none'."""

    def __init__(self, text, where):
        self.text = text
        if text == 'none':
            self.lo, self.hi, self.empty = 0, -1, True
            return
        self.empty = False
        m = re.fullmatch(r'(\d+)(\+|-(\d+))?', text)
        if not m:
            raise DefError('%s: bad version range %r' % (where, text))
        self.lo = int(m.group(1))
        if m.group(2) == '+':
            self.hi = None
        elif m.group(3) is not None:
            self.hi = int(m.group(3))
        else:
            self.hi = self.lo

    def contains(self, v):
        return not self.empty and v >= self.lo and (self.hi is None or v <= self.hi)

    def condition(self, lo_limit, hi_limit):
        """C++ condition on `version`, omitting bounds implied by the message's range."""
        if self.empty:
            return 'false'
        parts = []
        if self.lo > lo_limit:
            parts.append('version >= %d' % self.lo)
        if self.hi is not None and self.hi < hi_limit:
            parts.append('version <= %d' % self.hi)
        return ' && '.join(parts) if parts else 'true'


class Field:
    def __init__(self, name, type_, versions, opts, line):
        self.name = name
        self.type = type_
        self.versions = versions
        self.nullable = Versions(opts.get('nullable', 'none'), line)
        self.tag = int(opts['tag']) if 'tag' in opts else None
        self.default = opts.get('default')
        self.children = []
        self.line = line

    @property
    def member(self):
        return self.name[0].lower() + self.name[1:]

    @property
    def is_array(self):
        return self.type.startswith('[]')

    @property
    def elem(self):
        return self.type[2:] if self.is_array else self.type

    @property
    def elem_is_struct(self):
        return self.elem not in PRIMITIVES


class Struct:
    def __init__(self, name, fields, versions=None):
        self.name = name
        self.fields = fields
        self.versions = versions


class Message:
    def __init__(self, api, kind):
        self.api = api
        self.kind = kind  # 'Request' or 'Response'
        self.name = api.name + kind
        self.fields = []
        self.common = []  # Structs
        self.structs = []  # all nested structs, declaration order (children first)


class Api:
    def __init__(self, name, key, versions, flexible, path):
        self.name = name
        self.key = key
        self.versions = versions
        self.flexible = flexible
        self.path = path
        self.request = Message(self, 'Request')
        self.response = Message(self, 'Response')


def parse_def(path):
    with open(path, encoding='utf-8') as f:
        lines = f.readlines()
    api = None
    message = None
    # Stack of (indent, children-list) for nesting by indentation.
    stack = []
    for no, raw in enumerate(lines, 1):
        where = '%s:%d' % (path, no)
        text = raw.split('#', 1)[0].rstrip()
        if not text.strip():
            continue
        indent = len(text) - len(text.lstrip(' '))
        tokens = text.split()
        if indent == 0:
            if tokens[0] == 'api':
                opts = dict(t.split('=', 1) for t in tokens[2:])
                api = Api(tokens[1], int(opts['key']), Versions(opts['versions'], where),
                          Versions(opts.get('flexible', 'none'), where), path)
            elif tokens[0] in ('request', 'response') and api is not None:
                message = api.request if tokens[0] == 'request' else api.response
                stack = [(0, message.fields)]
            else:
                raise DefError('%s: expected "api", "request" or "response"' % where)
            continue
        if message is None:
            raise DefError('%s: field outside request/response' % where)
        while stack and indent <= stack[-1][0]:
            stack.pop()
        if not stack:
            raise DefError('%s: bad indentation' % where)
        if tokens[0] == 'struct':
            if indent != 2:
                raise DefError('%s: common structs sit directly under request/response' % where)
            s = Struct(tokens[1], [], Versions(tokens[2] if len(tokens) > 2 else '0+', where))
            message.common.append(s)
            stack.append((indent, s.fields))
            continue
        if len(tokens) < 3:
            raise DefError('%s: expected "Name Type Versions [options]"' % where)
        opts = {}
        for t in tokens[3:]:
            if '=' not in t:
                raise DefError('%s: bad option %r' % (where, t))
            k, v = t.split('=', 1)
            if k not in ('nullable', 'tag', 'default'):
                raise DefError('%s: unknown option %r' % (where, k))
            opts[k] = v
        field = Field(tokens[0], tokens[1], Versions(tokens[2], where), opts, where)
        stack[-1][1].append(field)
        stack.append((indent, field.children))
    if api is None:
        raise DefError('%s: no api line' % path)
    for m in (api.request, api.response):
        resolve(m)
    return api


def resolve(msg):
    """Collects nested struct declarations (children before parents) and checks names."""
    seen = {}
    order = []

    def visit_fields(fields, where):
        names = set()
        tags = set()
        for f in fields:
            if f.member in names:
                raise DefError('%s: duplicate field %s' % (f.line, f.name))
            names.add(f.member)
            if f.tag is not None:
                if f.tag in tags:
                    raise DefError('%s: duplicate tag %d' % (f.line, f.tag))
                tags.add(f.tag)
                if msg.api.flexible.empty or f.versions.lo < msg.api.flexible.lo:
                    raise DefError('%s: tagged field outside flexible versions' % f.line)
            if f.elem_is_struct:
                if f.children:
                    if f.elem in seen:
                        raise DefError('%s: struct %s declared twice' % (f.line, f.elem))
                    visit_fields(f.children, f.line)
                    seen[f.elem] = Struct(f.elem, f.children)
                    order.append(seen[f.elem])
                elif f.elem not in common:
                    raise DefError('%s: unknown struct type %s' % (f.line, f.elem))
            elif f.children:
                raise DefError('%s: primitive field with children' % f.line)

    common = {s.name: s for s in msg.common}
    for s in msg.common:
        visit_fields(s.fields, msg.name)
        seen[s.name] = s
        order.append(s)
    visit_fields(msg.fields, msg.name)
    msg.structs = order


# ---------------------------------------------------------------------------------------
# C++ emission


def cpp_elem_type(f):
    return f.elem if f.elem_is_struct else PRIMITIVES[f.elem]


def cpp_type(f):
    t = cpp_elem_type(f)
    if f.is_array:
        t = 'std::vector<%s>' % t
        return 'std::optional<%s>' % t if not f.nullable.empty else t
    if f.elem == 'records':
        return 'std::optional<runnel::Bytes>'
    if f.elem in ('string', 'bytes') and not f.nullable.empty:
        return 'std::optional<%s>' % t
    return t


def is_optional(f):
    return cpp_type(f).startswith('std::optional<')


def int_literal(value, ctype):
    v = int(value, 0)
    if ctype == 'int64_t':
        if v == -(1 << 63):
            return 'std::numeric_limits<int64_t>::min()'
        return '%dLL' % v if abs(v) > 0x7fffffff else str(v)
    if ctype == 'int32_t' and v == -(1 << 31):
        return 'std::numeric_limits<int32_t>::min()'
    return str(v)


def default_init(f):
    """Member initialiser text (without braces), or '' for value-initialisation."""
    d = f.default
    ct = cpp_type(f)
    if f.is_array:
        if d == 'null':
            return 'std::nullopt'
        return '%s{}' % ('std::vector<%s>' % cpp_elem_type(f)) if is_optional(f) else ''
    if f.elem_is_struct:
        return ''
    if f.elem == 'records':
        return 'std::nullopt'
    if f.elem in ('string', 'bytes'):
        if d == 'null':
            if f.nullable.empty:
                raise DefError('%s: default null on a non-nullable field' % f.line)
            return 'std::nullopt'
        if f.elem == 'string' and d not in (None, '""'):
            return 'std::string(%s)' % d if is_optional(f) else d
        return 'std::string()' if is_optional(f) and f.elem == 'string' else (
            'runnel::Bytes()' if is_optional(f) else '')
    if f.elem == 'bool':
        return d if d in ('true', 'false') else ''
    if f.elem == 'uuid':
        return ''
    if f.elem == 'float64':
        return d if d is not None else ''
    if d is None:
        return ''
    return int_literal(d, ct)


def default_value_expr(f):
    init = default_init(f)
    ct = cpp_type(f)
    return '%s(%s)' % (ct, init) if init else '%s{}' % ct


class Emitter:
    def __init__(self, msg):
        self.msg = msg
        self.api = msg.api
        self.lo = msg.api.versions.lo
        self.hi = msg.api.versions.hi

    def cond(self, versions):
        return versions.condition(self.lo, self.hi)

    def flex_expr(self):
        fl = self.api.flexible
        if fl.empty:
            return 'false'
        c = fl.condition(self.lo, self.hi)
        return c

    # -- element read/write snippets -------------------------------------------------

    def read_elem(self, elem, target, flex, nullable):
        """Statement reading one value of primitive/struct type elem into target."""
        if elem not in PRIMITIVES:
            return '%s.decode(r, version);' % target
        simple = {
            'bool': '%s = r.readI8() != 0;',
            'int8': '%s = r.readI8();',
            'int16': '%s = r.readI16();',
            'uint16': '%s = r.readU16();',
            'int32': '%s = r.readI32();',
            'int64': '%s = r.readI64();',
            'float64': '%s = r.readF64();',
            'uuid': '%s = wire::readUuid(r);',
        }
        if elem in simple:
            return simple[elem] % target
        fn = {'string': 'String', 'bytes': 'Bytes', 'records': 'Bytes'}[elem]
        return 'wire::read%s(r, %s, %s, %s);' % (fn, flex, nullable, target)

    def write_elem(self, elem, value, flex, writer):
        if elem not in PRIMITIVES:
            return '%s.encode(%s, version);' % (value, writer)
        simple = {
            'bool': 'w.writeI8(%s ? 1 : 0);',
            'int8': 'w.writeI8(%s);',
            'int16': 'w.writeI16(%s);',
            'uint16': 'w.writeU16(%s);',
            'int32': 'w.writeI32(%s);',
            'int64': 'w.writeI64(%s);',
            'float64': 'w.writeF64(%s);',
            'uuid': 'wire::writeUuid(w, %s);',
        }
        if elem in simple:
            return simple[elem].replace('w.', writer + '.').replace('(w,', '(%s,' % writer) % value
        fn = {'string': 'String', 'bytes': 'Bytes', 'records': 'Bytes'}[elem]
        return 'wire::write%s(%s, %s, %s);' % (fn, writer, flex, value)

    def nullable_expr(self, f):
        if f.nullable.empty:
            return 'false'
        # Only evaluated where the field is present, so its own bounds are implied.
        lo = max(self.lo, f.versions.lo)
        hi = self.hi if f.versions.hi is None else min(self.hi, f.versions.hi)
        return f.nullable.condition(lo, hi)

    def read_field(self, f, flex, out, ind):
        m = f.member
        nul = self.nullable_expr(f)
        p = ' ' * ind
        if f.is_array:
            min_size = MIN_SIZE.get(f.elem, 1)
            elem_t = cpp_elem_type(f)
            out.append(p + 'wire::readArray<%s>(r, %s, %s, %d, %s, [&](runnel::ByteReader &r, %s &e) {'
                       % (elem_t, flex, nul, min_size, m, elem_t))
            out.append(p + '    ' + self.read_elem(f.elem, 'e', flex, 'false'))
            out.append(p + '});')
        else:
            out.append(p + self.read_elem(f.elem, m, flex, nul))

    def write_field(self, f, flex, out, ind, writer='w'):
        m = f.member
        p = ' ' * ind
        if f.is_array:
            elem_t = cpp_elem_type(f)
            out.append(p + 'wire::writeArray<%s>(%s, %s, %s, [&](runnel::ByteWriter &w, const %s &e) {'
                       % (elem_t, writer, flex, m, elem_t))
            out.append(p + '    ' + self.write_elem(f.elem, 'e', flex, 'w'))
            out.append(p + '});')
        else:
            out.append(p + self.write_elem(f.elem, m, flex, writer))

    # -- per struct ----------------------------------------------------------------------

    def emit_codec(self, qual, fields, out, top):
        regular = [f for f in fields if f.tag is None]
        tagged = sorted([f for f in fields if f.tag is not None], key=lambda f: f.tag)
        flex = self.flex_expr()

        # decode
        out.append('bool %s::decode(runnel::ByteReader &r, int16_t version)' % qual)
        out.append('{')
        if top:
            out.append('    if (version < kMinVersion || version > kMaxVersion) {')
            out.append('        r.fail();')
            out.append('        return false;')
            out.append('    }')
        out.append('    (void)version;')
        out.append('    [[maybe_unused]] const bool flexible = %s;' % flex)
        for f in regular:
            c = self.cond(f.versions)
            if c == 'false':
                continue
            if c == 'true':
                self.read_field(f, 'flexible', out, 4)
            else:
                out.append('    if (%s) {' % c)
                self.read_field(f, 'flexible', out, 8)
                out.append('    }')
        if flex != 'false':
            out.append('    if (flexible) {')
            if tagged:
                out.append('        wire::readTaggedFields(r, [&](uint32_t tag, runnel::ByteReader &r) {')
                out.append('            switch (tag) {')
                for f in tagged:
                    out.append('            case %d:' % f.tag)
                    c = self.cond(f.versions)
                    out.append('                if (%s) {' % c)
                    self.read_field(f, 'true', out, 20)
                    out.append('                }')
                    out.append('                break;')
                out.append('            default:')
                out.append('                break; // unknown tags are skipped (KIP-482)')
                out.append('            }')
                out.append('        });')
            else:
                out.append('        wire::skipTaggedFields(r);')
            out.append('    }')
        out.append('    return r.ok();')
        out.append('}')
        out.append('')

        # encode
        out.append('void %s::encode(runnel::ByteWriter &w, int16_t version) const' % qual)
        out.append('{')
        out.append('    (void)version;')
        out.append('    [[maybe_unused]] const bool flexible = %s;' % flex)
        for f in regular:
            c = self.cond(f.versions)
            if c == 'false':
                continue
            if c == 'true':
                self.write_field(f, 'flexible', out, 4)
            else:
                out.append('    if (%s) {' % c)
                self.write_field(f, 'flexible', out, 8)
                out.append('    }')
        if flex != 'false':
            out.append('    if (flexible) {')
            if tagged:
                # Tagged fields are written only when they differ from their default, in
                # ascending tag order, each as tag, size, value.
                for f in tagged:
                    c = self.cond(f.versions)
                    out.append('        const bool has%s = (%s) && !(%s == %s);'
                               % (f.name, c, f.member, default_value_expr(f)))
                out.append('        w.writeUnsignedVarint(0u%s);'
                           % ''.join(' + (has%s ? 1u : 0u)' % f.name for f in tagged))
                for f in tagged:
                    out.append('        if (has%s) {' % f.name)
                    out.append('            runnel::Bytes tagBuffer;')
                    out.append('            runnel::ByteWriter tagWriter(tagBuffer);')
                    self.write_field(f, 'true', out, 12, 'tagWriter')
                    out.append('            w.writeUnsignedVarint(%du);' % f.tag)
                    out.append('            w.writeUnsignedVarint(static_cast<uint32_t>(tagBuffer.size()));')
                    out.append('            w.writeBytes(tagBuffer);')
                    out.append('        }')
            else:
                out.append('        w.writeUnsignedVarint(0); // no tagged fields')
            out.append('    }')
        out.append('}')
        out.append('')

    def emit_struct_decl(self, name, fields, out, ind, top):
        p = ' ' * ind
        out.append(p + 'struct %s' % name)
        out.append(p + '{')
        if top:
            out.append(p + '    static constexpr ApiKey kApiKey = ApiKey::%s;' % self.api.name)
            out.append(p + '    static constexpr int16_t kMinVersion = %d;' % self.lo)
            out.append(p + '    static constexpr int16_t kMaxVersion = %d;' % self.hi)
            out.append(p + '    // First flexible (KIP-482) version, or -1 if the API has none.')
            out.append(p + '    static constexpr int16_t kFirstFlexibleVersion = %d;'
                       % (-1 if self.api.flexible.empty else self.api.flexible.lo))
            out.append('')
            for s in self.msg.structs:
                self.emit_struct_decl(s.name, s.fields, out, ind + 4, False)
                out.append('')
        for f in fields:
            init = default_init(f)
            note = []
            note.append('v' + f.versions.text)
            if not f.nullable.empty:
                note.append('nullable v' + f.nullable.text)
            if f.tag is not None:
                note.append('tag %d' % f.tag)
            decl = '%s %s' % (cpp_type(f), f.member)
            decl += (' = %s;' % init) if init else '{};'
            out.append(p + '    %s // %s' % (decl, ', '.join(note)))
        if fields:
            out.append('')
        out.append(p + '    bool decode(runnel::ByteReader &r, int16_t version);')
        out.append(p + '    void encode(runnel::ByteWriter &w, int16_t version) const;')
        out.append(p + '    bool operator==(const %s &) const = default;' % name)
        out.append(p + '};')


def generate(apis):
    apis = sorted(apis, key=lambda a: a.key)
    h = []
    h.append('// Generated by engine/protocol/codegen/generate.py from engine/protocol/messages/*.def.')
    h.append('// Do not edit: change the definitions or the generator instead.')
    h.append('#pragma once')
    h.append('')
    h.append('#include "engine/common/bytes.h"')
    h.append('#include "engine/protocol/uuid.h"')
    h.append('')
    h.append('#include <cstdint>')
    h.append('#include <limits>')
    h.append('#include <optional>')
    h.append('#include <span>')
    h.append('#include <string>')
    h.append('#include <string_view>')
    h.append('#include <type_traits>')
    h.append('#include <vector>')
    h.append('')
    h.append('namespace runnel::protocol {')
    h.append('')
    h.append('enum class ApiKey : int16_t {')
    for a in apis:
        h.append('    %s = %d,' % (a.name, a.key))
    h.append('};')
    h.append('')
    h.append('// The Kafka name of an API ("Produce"), or "Unknown".')
    h.append('std::string_view apiName(ApiKey key);')
    h.append('')
    h.append('// What the definitions cover for one API (not what the broker advertises:')
    h.append('// that is api_table.h).')
    h.append('struct ApiDefinition')
    h.append('{')
    h.append('    ApiKey key;')
    h.append('    int16_t minVersion;')
    h.append('    int16_t maxVersion;')
    h.append('    int16_t firstFlexibleVersion; // -1: never flexible')
    h.append('};')
    h.append('std::span<const ApiDefinition> definedApis();')
    h.append('const ApiDefinition *findDefinition(int16_t apiKey);')
    h.append('')
    for a in apis:
        for m in (a.request, a.response):
            e = Emitter(m)
            e.emit_struct_decl(m.name, m.fields, h, 0, True)
            h.append('')
    h.append('// Calls visitor(std::type_identity<FooRequest>{}, std::type_identity<FooResponse>{})')
    h.append('// for the API with this key and returns true, or returns false for an unknown key.')
    h.append('template<typename Visitor>')
    h.append('bool visitApi(ApiKey key, Visitor &&visitor)')
    h.append('{')
    h.append('    switch (key) {')
    for a in apis:
        h.append('    case ApiKey::%s:' % a.name)
        h.append('        visitor(std::type_identity<%sRequest>{}, std::type_identity<%sResponse>{});'
                 % (a.name, a.name))
        h.append('        return true;')
    h.append('    }')
    h.append('    return false;')
    h.append('}')
    h.append('')
    h.append('} // namespace runnel::protocol')

    c = []
    c.append('// Generated by engine/protocol/codegen/generate.py from engine/protocol/messages/*.def.')
    c.append('// Do not edit: change the definitions or the generator instead.')
    c.append('#include "engine/protocol/messages.h"')
    c.append('')
    c.append('#include "engine/protocol/wire.h"')
    c.append('')
    c.append('#include <limits>')
    c.append('')
    c.append('namespace runnel::protocol {')
    c.append('')
    c.append('std::string_view apiName(ApiKey key)')
    c.append('{')
    c.append('    switch (key) {')
    for a in apis:
        c.append('    case ApiKey::%s:' % a.name)
        c.append('        return "%s";' % a.name)
    c.append('    }')
    c.append('    return "Unknown";')
    c.append('}')
    c.append('')
    c.append('namespace {')
    c.append('constexpr ApiDefinition kDefinitions[] = {')
    for a in apis:
        c.append('    {ApiKey::%s, %d, %d, %d},' % (a.name, a.versions.lo, a.versions.hi,
                                                    -1 if a.flexible.empty else a.flexible.lo))
    c.append('};')
    c.append('} // namespace')
    c.append('')
    c.append('std::span<const ApiDefinition> definedApis()')
    c.append('{')
    c.append('    return kDefinitions;')
    c.append('}')
    c.append('')
    c.append('const ApiDefinition *findDefinition(int16_t apiKey)')
    c.append('{')
    c.append('    for (const ApiDefinition &d : kDefinitions) {')
    c.append('        if (static_cast<int16_t>(d.key) == apiKey)')
    c.append('            return &d;')
    c.append('    }')
    c.append('    return nullptr;')
    c.append('}')
    c.append('')
    for a in apis:
        for m in (a.request, a.response):
            e = Emitter(m)
            c.append('// ' + '-' * 86)
            c.append('// %s' % m.name)
            c.append('')
            for s in m.structs:
                e.emit_codec('%s::%s' % (m.name, s.name), s.fields, c, False)
            e.emit_codec(m.name, m.fields, c, True)
    c.append('} // namespace runnel::protocol')
    return '\n'.join(h) + '\n', '\n'.join(c) + '\n'


def write_file(path, text):
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out-dir', required=True)
    ap.add_argument('defs', nargs='+')
    args = ap.parse_args()
    try:
        apis = [parse_def(p) for p in args.defs]
        keys = {}
        for a in apis:
            if a.key in keys or a.name in keys.values():
                raise DefError('%s: duplicate api %s / key %d' % (a.path, a.name, a.key))
            keys[a.key] = a.name
        header, source = generate(apis)
    except DefError as e:
        print('generate.py: error: %s' % e, file=sys.stderr)
        return 1
    out = os.path.join(args.out_dir, 'engine', 'protocol')
    os.makedirs(out, exist_ok=True)
    write_file(os.path.join(out, 'messages.h'), header)
    write_file(os.path.join(out, 'messages.cpp'), source)
    return 0


if __name__ == '__main__':
    sys.exit(main())
