#!/usr/bin/env python3
"""Rewrite the import block of Java files to chute's import order (.ci/checkstyle.xml, CustomImportOrder).

Order: static imports; java/javax; third party; io.chute. One blank line between groups, each group sorted the
way Checkstyle compares (dot-separated tokens, ASCII), duplicates dropped.

Only the import block changes (from the first to the last import line). A file whose block holds anything but
import lines and blank lines (a comment, an annotation) is left untouched and reported, so it can be fixed by hand.

With --qualified, inline fully qualified io.chute names in code (not in comments or strings) are replaced by
their simple name plus an import, unless that simple name would clash (then the file is reported).

Usage: .ci/sort-imports.py [--check] [--qualified] [PATH ...]   (PATH: files or directories; default: the repo)
  --check: change nothing; list the files that would change and exit 1 if any.
Running it twice changes nothing the second time.
"""
import os
import re
import sys

IMPORT = re.compile(r'^import\s+(static\s+)?([\w.]+(?:\.\*)?)\s*;\s*$')
PACKAGE = re.compile(r'^package\s+([\w.]+)\s*;')
INLINE = re.compile(r'(?<![\w.])io\.chute\.((?:[a-z][a-z0-9_]*\.)+)([A-Z]\w*)')
TYPE_DECL = re.compile(r'\b(?:class|interface|enum|record)\s+([A-Z]\w*)')


def group_of(static, name):
    if static:
        return 0
    if name.startswith('java.') or name.startswith('javax.'):
        return 1
    if name.startswith('io.chute.'):
        return 3
    return 2


def render(imports):
    """imports: set of (static, name). Returns the block's lines (no trailing newline)."""
    groups = [[], [], [], []]
    for static, name in imports:
        groups[group_of(static, name)].append((static, name))
    out = []
    for group in groups:
        if not group:
            continue
        if out:
            out.append('')
        for static, name in sorted(group, key=lambda i: i[1].split('.')):
            out.append('import ' + ('static ' if static else '') + name + ';')
    return out


def code_spans(text):
    """(start, end) spans of text that are code: not comments, strings, char literals or text blocks."""
    spans, i, start, n = [], 0, 0, len(text)
    while i < n:
        c = text[i]
        two = text[i:i + 2]
        if two in ('//', '/*') or c in '"\'':
            spans.append((start, i))
            if two == '//':
                end = text.find('\n', i)
                i = n if end < 0 else end
            elif two == '/*':
                end = text.find('*/', i + 2)
                i = n if end < 0 else end + 2
            elif text.startswith('"""', i):
                end = text.find('"""', i + 3)
                while end > 0 and text[end - 1] == '\\':
                    end = text.find('"""', end + 1)
                i = n if end < 0 else end + 3
            else:
                i += 1
                while i < n and text[i] != c and text[i] != '\n':
                    i += 2 if text[i] == '\\' else 1
                i += 1
            start = i
        else:
            i += 1
    spans.append((start, n))
    return spans


def qualify(text, package, imports, path):
    """Replaces inline io.chute.x.Y in code by Y and adds the import. Returns (text, imports, problems)."""
    simple = {name.rsplit('.', 1)[1]: name for static, name in imports if not static}
    declared = set(TYPE_DECL.findall(text))
    same_package = set()
    directory = os.path.dirname(os.path.abspath(path))
    sep = os.sep
    main, test = sep + 'src' + sep + 'main' + sep, sep + 'src' + sep + 'test' + sep
    # the package's classes in main and test: importing a same-named class would shadow them
    for d in {directory, directory.replace(test, main), directory.replace(main, test)}:
        if os.path.isdir(d):
            same_package.update(e[:-5] for e in os.listdir(d) if e.endswith('.java'))
    problems, pieces, last = [], [], 0
    new_imports = set(imports)
    for start, end in code_spans(text):
        for m in INLINE.finditer(text, start, end):
            line_start = text.rfind('\n', 0, m.start()) + 1
            if re.match(r'\s*(import|package)\s', text[line_start:m.start() + 1]):
                continue
            pkg = 'io.chute.' + m.group(1)[:-1]
            name = m.group(2)
            fqn = pkg + '.' + name
            if pkg != package:
                clash = (simple.get(name, fqn) != fqn) or name in declared or name in same_package
                if clash:
                    problems.append('%s: %s clashes with another %s; left inline' % (path, fqn, name))
                    continue
                simple[name] = fqn
                new_imports.add((False, fqn))
            pieces.append(text[last:m.start()])
            pieces.append(name)
            last = m.end()
    pieces.append(text[last:])
    return ''.join(pieces), new_imports, problems


def rewrite(path, text, with_qualified):
    """Returns (new text or None if untouched, problems)."""
    newline = '\r\n' if '\r\n' in text else '\n'
    lines = text.split(newline)
    first = last = None
    package = None
    for i, line in enumerate(lines):
        if package is None and PACKAGE.match(line):
            package = PACKAGE.match(line).group(1)
        if IMPORT.match(line):
            first = i if first is None else first
            last = i
    if first is None:
        imports = set()
        if not with_qualified:
            return None, []
    else:
        imports = set()
        for line in lines[first:last + 1]:
            m = IMPORT.match(line)
            if m:
                imports.add((bool(m.group(1)), m.group(2)))
            elif line.strip():
                return None, ['%s:%d: not an import line inside the import block; left untouched' % (path, first + 1)]
    problems = []
    body = newline.join(lines[last + 1:]) if first is not None else None
    if with_qualified and package is not None:
        if first is None:
            # no import block yet: it goes after the package line
            pkg_line = next(i for i, line in enumerate(lines) if PACKAGE.match(line))
            head = lines[:pkg_line + 1]
            rest = newline.join(lines[pkg_line + 1:])
            new_rest, imports, problems = qualify(rest, package, imports, path)
            if not imports:
                return (None if new_rest == rest else newline.join(head) + newline + new_rest), problems
            block = render(imports)
            out = newline.join(head + [''] + block) + newline + new_rest
            return (out if out != text else None), problems
        body, imports, problems = qualify(body, package, imports, path)
    block = render(imports)
    out = newline.join(lines[:first] + block) + newline + body
    return (out if out != text else None), problems


def java_files(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, dirs, files in os.walk(p):
            dirs[:] = [d for d in dirs if d not in ('target', '.git', 'node_modules') and not d.startswith('.')]
            for f in files:
                if f.endswith('.java'):
                    yield os.path.join(root, f)


def main(argv):
    check = '--check' in argv
    with_qualified = '--qualified' in argv
    paths = [a for a in argv if not a.startswith('--')]
    if not paths:
        paths = [os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')]
    changed, problems = [], []
    for path in sorted(java_files(paths)):
        with open(path, encoding='utf-8', newline='') as f:
            text = f.read()
        out, trouble = rewrite(path, text, with_qualified)
        problems.extend(trouble)
        if out is not None:
            changed.append(path)
            if not check:
                with open(path, 'w', encoding='utf-8', newline='') as f:
                    f.write(out)
    for p in problems:
        print('sort-imports: ' + p, file=sys.stderr)
    for p in changed:
        print(('would change: ' if check else 'rewrote: ') + os.path.relpath(p))
    return 1 if (check and changed) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
