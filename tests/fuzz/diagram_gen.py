"""Structure-aware generators of valid diagrams, for scripts/fuzz_diagrams.py.

Byte-level fuzzers (tests/fuzz/*.cpp) rarely produce a diagram that parses,
let alone one with nested containers and labelled same-rank edges next to
ranked ones, which is where Graphviz 2.42 crashes (issue 11). These
generators write what people write: every element kind, containers nested a
few levels deep, edges of every direction, length, style, head and label,
notes, orthogonal and polyline routing, left to right.

Each generator takes a random.Random and returns (text, file extension).
GENERATORS maps a name to one; a new front (Mermaid) adds its generators
there and the runner and minimiser need nothing else.
"""

# "entity" is left out: next to class-diagram arrow heads (<|, *, o) it makes
# diagc read the diagram as an ER diagram (kind detection, issue 10).
ELEMENT_KINDS = [
    "component", "interface", "node", "database", "cloud", "folder", "frame", "package",
    "rectangle", "actor", "usecase", "artifact", "storage", "queue", "file", "card", "agent",
    "boundary", "control", "collections", "hexagon", "person", "stack", "process",
    "action", "circle", "label",
]
CONTAINER_KINDS = ["package", "node", "folder", "frame", "cloud", "database", "rectangle",
                   "component", "card"]
COLOURS = ["#red", "#LightBlue", "#ffcc00", "#aaa", "#Green"]
WORDS = ["api", "db", "web", "auth", "queue", "cache", "user", "order", "pay", "log", "x",
         "Ünïcode", "日本", "a b", "e44"]


def _label(rng, words=3):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, words)))


class ComponentGen:
    """PlantUML component / deployment diagrams."""

    HEADS = ["", ">", ">>", "|>", "*", "o", "#", "x", "+", "^", "0", "(", ")", "0)"]
    TAILS = ["", "<", "<<", "<|", "*", "o", "#", "x", "+", "0", "(0"]
    DIRECTIONS = ["", "", "", "up", "down", "left", "right", "u", "d", "l", "r"]

    def __call__(self, rng):
        self.rng = rng
        self.names = []        # every declared element or container alias
        self.containers = []   # container aliases
        self.count = 0
        lines = ["@startuml"]
        lines += self.header()
        lines += self.block(depth=0, budget=rng.randint(2, 24))
        lines += self.edges()
        lines += self.notes()
        lines.append("@enduml")
        return "\n".join(lines) + "\n", ".puml"

    def header(self):
        r, out = self.rng, []
        if r.random() < 0.25:
            out.append("left to right direction")
        if r.random() < 0.3:
            out.append("skinparam linetype " + r.choice(["ortho", "polyline"]))
        if r.random() < 0.1:
            out.append("skinparam nodesep %d" % r.randint(5, 120))
        if r.random() < 0.1:
            out.append("skinparam ranksep %d" % r.randint(5, 120))
        if r.random() < 0.1:
            out.append("skinparam componentStyle rectangle")
        if r.random() < 0.1:
            out.append("title " + _label(r))
        return out

    def fresh(self):
        self.count += 1
        return "n%d" % self.count

    def decorations(self):
        r, out = self.rng, ""
        if r.random() < 0.15:
            out += " <<%s>>" % r.choice(WORDS[:8])
        if r.random() < 0.1:
            out += " " + r.choice(COLOURS)
        if r.random() < 0.05:
            out += " [[http://example.com/%s]]" % r.choice(WORDS[:5])
        return out

    def element(self, indent):
        r = self.rng
        alias = self.fresh()
        self.names.append(alias)
        style = r.random()
        if style < 0.15:
            return indent + "[%s] as %s%s" % (_label(r), alias, self.decorations())
        if style < 0.2:
            return indent + '() "%s" as %s' % (_label(r), alias)
        kind = r.choice(ELEMENT_KINDS)
        if style < 0.4:
            return indent + "%s %s%s" % (kind, alias, self.decorations())
        return indent + '%s "%s" as %s%s' % (kind, _label(r).replace('"', ""), alias,
                                              self.decorations())

    def block(self, depth, budget):
        r, out, indent = self.rng, [], "  " * depth
        while budget > 0:
            budget -= 1
            if depth < 4 and r.random() < 0.25:
                alias = "g%d" % (self.count + 1)
                self.count += 1
                self.names.append(alias)
                self.containers.append(alias)
                kind = r.choice(CONTAINER_KINDS)
                inner = r.randint(0, min(budget, 6))
                budget -= inner
                out.append(indent + '%s "%s" as %s%s {' % (kind, _label(r), alias, self.decorations()))
                out += self.block(depth + 1, inner)
                out.append(indent + "}")
            else:
                out.append(self.element(indent))
        return out

    def arrow(self):
        r = self.rng
        body = r.choice(["-", "-", ".", "="])
        length = r.choice([1, 1, 2, 2, 2, 3, 4])
        direction = r.choice(self.DIRECTIONS) if length >= 1 else ""
        style = ""
        if r.random() < 0.12:
            style = "[%s]" % r.choice(["#red", "dashed", "bold", "dotted", "hidden",
                                       "#blue,dashed", "#red,thickness=2", "norank"])
        if direction or style:
            line = body + direction + style + body * max(1, length - 1)
        else:
            line = body * length
        head = r.choice(self.HEADS) if r.random() < 0.8 else ""
        tail = r.choice(self.TAILS) if r.random() < 0.2 else ""
        return tail + line + head

    def endpoint(self):
        r = self.rng
        if not self.names or r.random() < 0.12:   # implicit elements, as people write them
            return r.choice(["[%s]" % r.choice(WORDS[:8]), "n%d" % r.randint(1, 40)])
        return r.choice(self.names)

    def edges(self):
        r, out = self.rng, []
        for _ in range(r.randint(0, 3 + 2 * len(self.names))):
            a, b = self.endpoint(), self.endpoint()
            card_a = ' "%s"' % r.choice(["1", "*", "0..1", "many"]) if r.random() < 0.1 else ""
            card_b = ' "%s" ' % r.choice(["1", "*", "1..n"]) if r.random() < 0.1 else " "
            label = " : " + _label(r) if r.random() < 0.5 else ""
            out.append("%s%s %s%s%s%s" % (a, card_a, self.arrow(), card_b, b, label))
        return out

    def notes(self):
        r, out = self.rng, []
        for i in range(r.choice([0, 0, 0, 1, 2])):
            if not self.names:
                break
            target = r.choice(self.names)
            where = r.choice(["left", "right", "top", "bottom"])
            if r.random() < 0.5:
                out.append("note %s of %s : %s" % (where, target, _label(r)))
            else:
                out.append('note "%s" as N%d' % (_label(r), i))
                out.append("N%d .. %s" % (i, target))
        return out


class ErGen:
    """PlantUML entity diagrams (information engineering notation)."""

    ENDS_LEFT = ["||", "|o", "}o", "}|", "|", ""]
    ENDS_RIGHT = ["||", "o|", "o{", "|{", "|", ""]

    def __call__(self, rng):
        r = rng
        lines = ["@startuml"]
        if r.random() < 0.25:
            lines.append("left to right direction")
        if r.random() < 0.2:
            lines.append("skinparam linetype " + r.choice(["ortho", "polyline"]))
        names = ["E%d" % i for i in range(r.randint(1, 10))]
        for name in names:
            head = "class" if r.random() < 0.1 else "entity"
            display = '"%s" as %s' % (_label(r), name) if r.random() < 0.3 else name
            lines.append("%s %s {" % (head, display))
            for c in range(r.randint(0, 6)):
                star = "* " if r.random() < 0.4 else ""
                lines.append("  %scol%d : %s" % (star, c, r.choice(["INT", "UUID", "VARCHAR(10)",
                                                                       "TEXT <<FK>>"])))
                if c == 0 and r.random() < 0.5:
                    lines.append("  --")
            lines.append("}")
        for _ in range(r.randint(0, 2 * len(names))):
            a, b = r.choice(names), r.choice(names)
            body = r.choice(["--", "..", "-", "---", "-left-", "-up-", "-right-", "-down-"])
            rel = r.choice(self.ENDS_LEFT) + body + r.choice(self.ENDS_RIGHT)
            label = " : " + _label(r) if r.random() < 0.4 else ""
            lines.append("%s %s %s%s" % (a, rel, b, label))
        lines.append("@enduml")
        return "\n".join(lines) + "\n", ".puml"


class SequenceGen:
    """PlantUML sequence diagrams."""

    KINDS = ["participant", "actor", "boundary", "control", "entity", "database",
             "collections", "queue"]
    ARROWS = ["->", "-->", "->>", "-->>", "->x", "-\\", "-/", "<-", "<--", "<->", "->o", "o->"]

    def __call__(self, rng):
        r = rng
        lines = ["@startuml"]
        if r.random() < 0.3:
            lines.append("autonumber")
        names = ["P%d" % i for i in range(r.randint(1, 7))]
        for name in names:
            if r.random() < 0.6:
                lines.append('%s "%s" as %s' % (r.choice(self.KINDS), _label(r), name))
        self.body(r, names, lines, depth=0, budget=r.randint(1, 30))
        lines.append("@enduml")
        return "\n".join(lines) + "\n", ".puml"

    def body(self, r, names, lines, depth, budget):
        while budget > 0:
            budget -= 1
            roll = r.random()
            a, b = r.choice(names), r.choice(names)
            if roll < 0.55:
                label = " : " + _label(r) if r.random() < 0.8 else ""
                lines.append("%s %s %s%s" % (a, r.choice(self.ARROWS), b, label))
            elif roll < 0.62:
                where = r.choice(["left of", "right of", "over"])
                lines.append("note %s %s : %s" % (where, a, _label(r)))
            elif roll < 0.67:
                lines.append("activate %s" % a)
                lines.append("%s -> %s : work" % (a, b))
                lines.append("deactivate %s" % a)
            elif roll < 0.7:
                lines.append("== %s ==" % _label(r))
            elif roll < 0.72:
                lines.append("...")
            elif roll < 0.74 and depth == 0:
                lines.append("newpage")
            elif depth < 3:
                kind = r.choice(["alt", "opt", "loop", "par", "group", "critical", "break"])
                lines.append("%s %s" % (kind, _label(r)))
                inner = r.randint(1, 4)
                self.body(r, names, lines, depth + 1, inner)
                if kind in ("alt", "par") and r.random() < 0.6:
                    lines.append("else %s" % _label(r))
                    self.body(r, names, lines, depth + 1, r.randint(1, 3))
                lines.append("end")
        return lines


class DbmlGen:
    """DBML schemas (dbdiagram.io)."""

    TYPES = ["int", "varchar(255)", "text", "timestamp", "uuid", "decimal(10,2)", "bool"]

    def __call__(self, rng):
        r = rng
        lines = []
        tables = {}
        for t in range(r.randint(1, 9)):
            schema = r.choice(["", "", "", "core.", "sales."])
            name = "%st%d" % (schema, t)
            cols = ["id"] + ["c%d" % c for c in range(r.randint(0, 6))]
            tables[name] = cols
            lines.append("Table %s {" % name)
            for c in cols:
                settings = []
                if c == "id" and r.random() < 0.8:
                    settings.append("pk")
                if r.random() < 0.2:
                    settings.append(r.choice(["not null", "unique", "increment", "note: 'x'"]))
                tail = " [%s]" % ", ".join(settings) if settings else ""
                lines.append("  %s %s%s" % (c, r.choice(self.TYPES), tail))
            if r.random() < 0.1:
                lines.append("  Note: '%s'" % _label(r))
            lines.append("}")
        names = list(tables)
        joined = set()
        for _ in range(r.randint(0, 2 * len(names))):
            a, b = r.choice(names), r.choice(names)
            ends = ((a, r.choice(tables[a])), (b, r.choice(tables[b])))
            if ends[0] == ends[1] or frozenset(ends) in joined:
                continue  # dbdiagram rejects a column referring to itself, or a second ref
            joined.add(frozenset(ends))
            op = r.choice([">", "<", "-", "<>"])
            lines.append("Ref: %s.%s %s %s.%s" % (ends[0] + (op,) + ends[1]))
        if len(names) > 1 and r.random() < 0.3:
            group = r.sample(names, r.randint(1, len(names)))
            lines.append("TableGroup g1 {")
            lines += ["  " + n for n in group]
            lines.append("}")
        if r.random() < 0.2:
            lines.append("Enum e1 {\n  a\n  b\n}")
        return "\n".join(lines) + "\n", ".dbml"


# Mermaid (issue 14) adds its generators here, e.g. "mermaid-flowchart".
GENERATORS = {
    "component": ComponentGen(),
    "er": ErGen(),
    "sequence": SequenceGen(),
    "dbml": DbmlGen(),
}


def generate(kind, seed):
    """The input number `seed` of generator `kind`: the same on every run."""
    import random
    return GENERATORS[kind](random.Random("%s:%d" % (kind, seed)))
