"""Structure-aware generators of valid diagrams, for scripts/fuzz_diagrams.py.

Byte-level fuzzers (tests/fuzz/*.cpp) rarely produce a diagram that parses,
let alone one with nested containers and labelled same-rank edges next to
ranked ones, which is where Graphviz 2.42 crashes (issue 11). These
generators write what people write: every element kind, containers nested a
few levels deep, edges of every direction, length, style, head and label,
notes, orthogonal and polyline routing, left to right.

Each generator takes a random.Random and returns (text, file extension).
GENERATORS maps a name to one; a new front adds its generators there and the
runner and minimiser need nothing else.
"""

# "entity" next to class-diagram arrow heads (<|, *, o) once made diagc read
# the diagram as an ER diagram (issue 10); every reader now tries the block.
ELEMENT_KINDS = [
    "component", "interface", "node", "database", "cloud", "folder", "frame", "package",
    "rectangle", "actor", "usecase", "artifact", "storage", "queue", "file", "card", "agent",
    "boundary", "control", "collections", "hexagon", "person", "stack", "process",
    "action", "circle", "label", "entity",
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



MERMAID_WORDS = ["api", "db", "web", "auth", "queue", "cache", "user", "order", "pay", "log",
                 "Ünïcode", "日本", "a b", "e44"]


def _mlabel(rng, words=3):
    """Label text Mermaid takes inside any bracket without quotes."""
    return " ".join(rng.choice(MERMAID_WORDS) for _ in range(rng.randint(1, words)))


class MermaidFlowchartGen:
    """Mermaid flowcharts: every shape, nested subgraphs, every link form."""

    DIRECTIONS = ["TB", "TD", "BT", "LR", "RL"]
    SHAPES = ["[%s]", "(%s)", "([%s])", "[[%s]]", "[(%s)]", "((%s))", ">%s]", "{%s}", "{{%s}}",
              "[/%s/]", "[\\%s\\]", "[/%s\\]", "[\\%s/]", "(((%s)))"]
    SHAPE_NAMES = ["rect", "rounded", "stadium", "subproc", "cyl", "circle", "diam", "hex",
                   "lean-r", "lean-l", "trap-b", "trap-t", "dbl-circ", "doc", "notch-rect",
                   "fork", "hourglass", "bolt", "text", "delay", "h-cyl", "lin-cyl", "curv-trap"]
    LINKS = ["-->", "---", "-.->", "-.-", "==>", "===", "~~~", "--o", "--x", "<-->", "o--o",
             "x--x", "--->", "---->", "-..->", "===>"]
    LABELLED = [("-- %s -->", True), ("-. %s .->", True), ("== %s ==>", True), ("-- %s ---", True)]

    def __call__(self, rng):
        self.rng = rng
        self.count = 0
        self.nodes, self.subgraphs = [], []
        lines = ["%s %s" % (rng.choice(["flowchart", "graph"]), rng.choice(self.DIRECTIONS))]
        lines += self.block(depth=0, budget=rng.randint(1, 20))
        lines += self.links()
        lines += self.styles()
        return "\n".join(lines) + "\n", ".mmd"

    def node(self):
        r = self.rng
        self.count += 1
        name = "n%d" % self.count
        self.nodes.append(name)
        roll = r.random()
        if roll < 0.15:
            return name
        if roll < 0.25:
            return '%s@{ shape: %s, label: "%s" }' % (name, r.choice(self.SHAPE_NAMES), _mlabel(r))
        text = _mlabel(r)
        if r.random() < 0.1:
            text = '"%s<br>%s"' % (_mlabel(r), _mlabel(r))
        node = name + r.choice(self.SHAPES) % text
        if r.random() < 0.1:
            node += ":::hot"
        return node

    def block(self, depth, budget):
        r, out, indent = self.rng, [], "  " * (depth + 1)
        while budget > 0:
            budget -= 1
            if depth < 4 and r.random() < 0.2:
                self.count += 1
                sid = "s%d" % self.count
                self.subgraphs.append(sid)
                title = r.choice(["", " [%s]" % _mlabel(r), ' ["%s"]' % _mlabel(r)])
                out.append(indent + "subgraph %s%s" % (sid, title))
                if r.random() < 0.2:
                    out.append(indent + "  direction " + r.choice(self.DIRECTIONS))
                inner = r.randint(0, min(budget, 6))
                budget -= inner
                out += self.block(depth + 1, inner)
                out.append(indent + "end")
            elif r.random() < 0.2 and self.nodes:
                # A link inside a subgraph declares its new end there.
                out.append(indent + "%s --> %s" % (r.choice(self.nodes), self.node()))
            else:
                out.append(indent + self.node())
        return out

    def link(self):
        r = self.rng
        roll = r.random()
        if roll < 0.2:
            return " %s " % (r.choice(self.LINKS) + "|%s|" % _mlabel(r))
        if roll < 0.35:
            return " %s " % (r.choice(self.LABELLED)[0] % _mlabel(r))
        return " %s " % r.choice(self.LINKS)

    def end(self):
        r = self.rng
        if self.subgraphs and r.random() < 0.1:
            return r.choice(self.subgraphs)
        if not self.nodes or r.random() < 0.1:
            return self.node()
        return r.choice(self.nodes)

    def links(self):
        r, out = self.rng, []
        for i in range(r.randint(0, 3 + 2 * len(self.nodes))):
            roll = r.random()
            if roll < 0.15:      # a chain
                ends = [self.end() for _ in range(r.randint(3, 5))]
                text = ends[0] + "".join(self.link() + e for e in ends[1:])
            elif roll < 0.25:    # fan in / fan out
                text = "%s & %s%s%s" % (self.end(), self.end(), self.link(), self.end())
            elif roll < 0.3:     # an edge id
                text = "%s e%d@%s %s" % (self.end(), i, r.choice(["-->", "==>", "-.->"]), self.end())
            else:
                text = self.end() + self.link() + self.end()
            out.append("  " + text + (";" if r.random() < 0.1 else ""))
        return out

    def styles(self):
        r, out = self.rng, []
        if r.random() < 0.3:
            out.append("  classDef hot fill:#f96,stroke:#333,stroke-width:2px")
        else:
            out.append("  classDef hot fill:#f96")
        if self.nodes and r.random() < 0.3:
            out.append("  class %s hot" % ",".join(r.sample(self.nodes, min(3, len(self.nodes)))))
        if self.nodes and r.random() < 0.2:
            out.append("  style %s fill:#bbf,stroke:#f66,stroke-dasharray: 5 5" % r.choice(self.nodes))
        if r.random() < 0.15:
            out.append("  linkStyle default stroke:#0a0,stroke-width:2px")
        if self.nodes and r.random() < 0.1:
            out.append('  click %s "https://example.com/%s" "tip"' % (r.choice(self.nodes), r.choice(WORDS[:5])))
        return out


class MermaidSequenceGen:
    """Mermaid sequence diagrams: typed participants, boxes, every arrow,
    activations, notes, nested blocks, create/destroy."""

    ARROWS = ["->", "-->", "->>", "-->>", "-x", "--x", "-)", "--)", "<<->>", "<<-->>"]
    TYPES = ["participant", "actor"]
    JSON_TYPES = ["database", "queue", "boundary", "control", "entity", "collections"]

    def __call__(self, rng):
        r = rng
        lines = ["sequenceDiagram"]
        if r.random() < 0.3:
            lines.append("  autonumber")
        if r.random() < 0.1:
            lines.append("  title " + _mlabel(r))
        self.names = ["P%d" % i for i in range(r.randint(1, 6))]
        lines += self.participants(r)
        self.created = 0
        self.body(r, lines, depth=0, budget=r.randint(1, 25))
        return "\n".join(lines) + "\n", ".mmd"

    def declare(self, r, name):
        roll = r.random()
        if roll < 0.2:
            return 'participant %s@{ "type": "%s" }' % (name, r.choice(self.JSON_TYPES))
        if roll < 0.6:
            return "%s %s as %s" % (r.choice(self.TYPES), name, _mlabel(r))
        return "%s %s" % (r.choice(self.TYPES), name)

    def participants(self, r):
        out, i = [], 0
        if len(self.names) > 1 and r.random() < 0.3:
            inside = self.names[:r.randint(1, len(self.names) - 1)]
            out.append("  box %s %s" % (r.choice(["Aqua", "rgb(200,220,255)", "transparent"]), _mlabel(r)))
            out += ["    " + self.declare(r, n) for n in inside]
            out.append("  end")
            i = len(inside)
        out += ["  " + self.declare(r, n) for n in self.names[i:] if r.random() < 0.7]
        return out

    def message(self, r, indent):
        a, b = r.choice(self.names), r.choice(self.names)
        arrow = r.choice(self.ARROWS)
        if a != b and r.random() < 0.15:   # an activation that ends in the reply
            return [indent + "%s%s+%s: %s" % (a, arrow, b, _mlabel(r)),
                    indent + "%s-->>-%s: %s" % (b, a, _mlabel(r))]
        return [indent + "%s%s%s: %s" % (a, arrow, b, _mlabel(r))]

    def body(self, r, lines, depth, budget):
        indent = "  " * (depth + 1)
        while budget > 0:
            budget -= 1
            roll = r.random()
            a = r.choice(self.names)
            if roll < 0.5:
                lines += self.message(r, indent)
            elif roll < 0.58:
                where = r.choice(["left of %s" % a, "right of %s" % a,
                                  "over %s,%s" % (a, r.choice(self.names)), "over %s" % a])
                lines.append(indent + "Note %s: %s" % (where, _mlabel(r)))
            elif roll < 0.63:
                lines += [indent + "activate " + a, indent + "%s->>%s: work" % (a, a),
                          indent + "deactivate " + a]
            elif roll < 0.66 and self.created < 3:
                self.created += 1
                new = "C%d" % self.created
                lines += [indent + "create participant %s" % new, indent + "%s->>%s: new" % (a, new)]
                if r.random() < 0.5:
                    lines += [indent + "destroy %s" % new, indent + "%s-x%s: bye" % (new, a)]
                else:
                    self.names.append(new)
            elif depth < 3:
                self.fragment(r, lines, depth, indent)
        return lines

    def fragment(self, r, lines, depth, indent):
        kind = r.choice(["loop", "alt", "opt", "par", "critical", "break", "rect"])
        head = "rect rgb(%d, %d, 255)" % (r.randint(0, 255), r.randint(0, 255)) if kind == "rect" \
            else "%s %s" % (kind, _mlabel(r))
        lines.append(indent + head)
        self.body(r, lines, depth + 1, r.randint(1, 4))
        more = {"alt": "else", "par": "and", "critical": "option"}.get(kind)
        if more and r.random() < 0.6:
            lines.append(indent + "%s %s" % (more, _mlabel(r)))
            self.body(r, lines, depth + 1, r.randint(1, 3))
        lines.append(indent + "end")


class MermaidErGen:
    """Mermaid erDiagram: attributes with keys and comments, symbol and word
    cardinalities, identifying and non-identifying lines."""

    LEFT = ["|o", "||", "}o", "}|"]
    RIGHT = ["o|", "||", "o{", "|{"]
    WORDS_CARD = ["one or zero", "zero or one", "one or more", "one or many", "many(1)", "1+",
                  "zero or more", "zero or many", "many(0)", "0+", "only one", "1"]
    TYPES = ["int", "string", "varchar(255)", "float", "date", "bool", "uuid"]

    def __call__(self, rng):
        r = rng
        lines = ["erDiagram"]
        if r.random() < 0.2:
            lines.append("  direction " + r.choice(["TB", "LR", "RL", "BT"]))
        names = ["E%d" % i for i in range(r.randint(1, 8))]
        for name in names:
            lines += self.entity(r, name)
        for _ in range(r.randint(0, 2 * len(names))):
            lines.append("  " + self.relation(r, r.choice(names), r.choice(names)))
        if r.random() < 0.15:
            lines.append("  style %s fill:#f9f,stroke:#333" % r.choice(names))
        return "\n".join(lines) + "\n", ".mmd"

    def entity(self, r, name):
        head = name
        if r.random() < 0.2:
            head = '%s["%s"]' % (name, _mlabel(r))
        if r.random() < 0.2:
            return ["  " + head]
        out = ["  %s {" % head]
        for c in range(r.randint(0, 6)):
            key = r.choice(["", "", "PK", "FK", "UK", "PK, FK"])
            comment = ' "%s"' % _mlabel(r) if r.random() < 0.2 else ""
            out.append("    %s col%d %s%s" % (r.choice(self.TYPES), c, key, comment))
        out.append("  }")
        return out

    def relation(self, r, a, b):
        label = r.choice(['"%s"' % _mlabel(r), r.choice(["has", "places", "owns"])])
        if r.random() < 0.25:
            words = r.choice(["to", "optionally to"])
            return "%s %s %s %s %s : %s" % (a, r.choice(self.WORDS_CARD), words,
                                            r.choice(self.WORDS_CARD), b, label)
        line = r.choice(["--", ".."])
        return "%s %s%s%s %s : %s" % (a, r.choice(self.LEFT), line, r.choice(self.RIGHT), b, label)


class C4Gen:
    """C4-PlantUML container diagrams through the preprocessor: the bundled
    stdlib, nested boundaries, relations, and the user's own !procedure,
    !function, !if, !foreach and !while around them."""

    ELEMENTS = ["Container", "ContainerDb", "ContainerQueue", "Container_Ext", "System",
                "System_Ext", "SystemDb", "Person", "Person_Ext", "ContainerQueue_Ext"]
    BOUNDARIES = ["System_Boundary", "Container_Boundary", "Enterprise_Boundary", "Boundary"]
    RELS = ["Rel", "Rel", "BiRel", "Rel_U", "Rel_D", "Rel_L", "Rel_R", "Rel_Up", "Rel_Down",
            "Rel_Back", "Rel_Neighbor"]

    def __call__(self, rng):
        self.rng = rng
        self.count = 0
        self.aliases = []
        r = rng
        lines = ["@startuml", "!include <C4/C4_Container>"]
        if r.random() < 0.3:
            lines.append(r.choice(["LAYOUT_LEFT_RIGHT()", "LAYOUT_TOP_DOWN()", "LAYOUT_WITH_LEGEND()"]))
        self.tagged = r.random() < 0.3
        if self.tagged:
            lines.append('AddElementTag("hot", $bgColor="#aa3333", $legendText="hot")')
            lines.append('AddRelTag("async", $lineStyle=DashedLine())')
        lines += self.macros()
        lines += self.block(depth=0, budget=r.randint(1, 14))
        lines += self.relations()
        if r.random() < 0.3:
            lines.append("SHOW_LEGEND()")
        lines.append("@enduml")
        return "\n".join(lines) + "\n", ".puml"

    def fresh(self):
        self.count += 1
        alias = "a%d" % self.count
        self.aliases.append(alias)
        return alias

    def text(self):
        return _mlabel(self.rng).replace('"', "")

    def element(self, indent):
        r = self.rng
        kind = r.choice(self.ELEMENTS)
        args = '%s, "%s"' % (self.fresh(), self.text())
        if kind.startswith("Container"):
            args += ', "%s"' % r.choice(["Go", "Java, Spring", "PostgreSQL", "Kafka"])
        if r.random() < 0.7:
            args += ', "%s"' % self.text()
        if self.tagged and r.random() < 0.1:
            args += ', $tags="hot"'
        elif r.random() < 0.05:
            args += ', $link="https://example.com"'
        return indent + "%s(%s)" % (kind, args)

    def macros(self):
        """The user's own preprocessor code, defined up front and used in block()."""
        return [
            "!procedure $Service($alias, $label, $tech)",
            '  Container($alias, $label, $tech, "a service")',
            "!endprocedure",
            "!function $tech($i)",
            "  !if $i < 4",
            '    !return "Go"',
            "  !elseif $i == 5 || $i > 9",
            '    !return "Java"',
            "  !else",
            '    !return "Rust"',
            "  !endif",
            "!endfunction",
        ]

    def preprocessed(self, indent):
        r = self.rng
        roll = r.random()
        if roll < 0.35:
            alias = self.fresh()
            return [indent + '$Service(%s, "%s", $tech(%d))' % (alias, self.text(), self.count)]
        if roll < 0.7:
            names = [self.fresh() for _ in range(r.randint(1, 3))]
            body = indent + '  Container($n, $n, "%s")' % r.choice(["Go", "Kotlin"])
            return [indent + "!foreach $n in [%s]" % ", ".join('"%s"' % n for n in names), body,
                    indent + "!endfor"]
        base = self.count
        n = r.randint(1, 3)
        for i in range(n):
            self.aliases.append("w%d_%d" % (base, i))
        return [indent + "!$i = 0", indent + "!while $i < %d" % n,
                indent + '  !$w = "w%d_" + $i' % base,
                indent + '  System($w, "worker $w")',
                indent + "  !$i = $i + 1", indent + "!endwhile"]

    def block(self, depth, budget):
        r, out, indent = self.rng, [], "  " * depth
        while budget > 0:
            budget -= 1
            roll = r.random()
            if depth < 3 and roll < 0.25:
                kind = r.choice(self.BOUNDARIES)
                alias = "b%d" % (self.count + 1)
                self.count += 1
                out.append(indent + '%s(%s, "%s") {' % (kind, alias, self.text()))
                inner = r.randint(0, min(budget, 5))
                budget -= inner
                out += self.block(depth + 1, inner)
                out.append(indent + "}")
            elif roll < 0.4:
                out += self.preprocessed(indent)
            else:
                out.append(self.element(indent))
        return out

    def relations(self):
        r, out = self.rng, []
        if not self.aliases:
            return out
        for _ in range(r.randint(0, 2 * len(self.aliases))):
            a, b = r.choice(self.aliases), r.choice(self.aliases)
            args = '%s, %s, "%s"' % (a, b, self.text())
            if r.random() < 0.5:
                args += ', "%s"' % r.choice(["HTTPS", "SQL", "gRPC"])
            if self.tagged and r.random() < 0.1:
                args += ', $tags="async"'
            out.append("%s(%s)" % (r.choice(self.RELS), args))
        if len(self.aliases) > 1 and r.random() < 0.2:
            out.append("Lay_R(%s, %s)" % tuple(r.sample(self.aliases, 2)))
        return out


GENERATORS = {
    "component": ComponentGen(),
    "er": ErGen(),
    "sequence": SequenceGen(),
    "dbml": DbmlGen(),
    "mermaid-flowchart": MermaidFlowchartGen(),
    "mermaid-sequence": MermaidSequenceGen(),
    "mermaid-er": MermaidErGen(),
    "c4": C4Gen(),
}


def generate(kind, seed):
    """The input number `seed` of generator `kind`: the same on every run."""
    import random
    return GENERATORS[kind](random.Random("%s:%d" % (kind, seed)))
