# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled twins of the tree walks in :mod:`app.extract.html_text`: the same results, several times faster.

The extractors spend most of their time walking the parsed page (measuring text, finding links, turning the
article into paragraphs), and most of that walk, written in Python, goes to making a Python object for every
node it passes. These functions walk Lexbor's tree in C instead, reading the nodes at the addresses selectolax
gives for them (``LexborNode.mem_id``), and make Python objects only for what they return.

They read Lexbor's structures through their memory layout, copied below from Lexbor 3 (Apache License 2.0,
``lexbor/dom/interfaces/*.h``). Importing this module checks that layout against what selectolax reports for a
small page, and raises :class:`ImportError` when anything differs, so the Python versions are used instead
(:data:`app.extract.html_text.NATIVE` tells which). Every function gives up (returns ``None``) on text that is
not valid UTF-8, where Python's decoder would replace bytes; the caller then takes the Python way.

The Python functions are the reference: ``tests/unit/test_speedups.py`` checks that both give the same results.
"""

from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_DECREF, Py_INCREF
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdint cimport uintptr_t
from libc.stdlib cimport calloc, free, malloc, qsort, realloc
from libc.string cimport memchr, memcmp, memcpy

import selectolax.lexbor as _lexbor


cdef extern from "Python.h":
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch) nogil


cdef extern from *:
    """
    /* Lexbor 3's memory layout of the nodes it builds (lexbor/dom/interfaces/node.h, character_data.h,
       element.h, attr.h and lexbor/core/str.h). Only the fields read here have names that matter. */
    typedef struct { unsigned char *data; size_t length; } lxw_str_t;
    typedef struct lxw_node_s {
        void *events;
        uintptr_t local_name;
        uintptr_t prefix;
        uintptr_t ns;
        void *owner_document;
        struct lxw_node_s *next;
        struct lxw_node_s *prev;
        struct lxw_node_s *parent;
        struct lxw_node_s *first_child;
        struct lxw_node_s *last_child;
        void *user;
        int type;
    } lxw_node_t;
    typedef struct { lxw_node_t node; lxw_str_t data; } lxw_text_t;
    typedef struct lxw_attr_s {
        lxw_node_t node;
        uintptr_t upper_name;
        uintptr_t qualified_name;
        lxw_str_t *value;
        void *owner;
        struct lxw_attr_s *next;
        struct lxw_attr_s *prev;
    } lxw_attr_t;
    typedef struct {
        lxw_node_t node;
        uintptr_t upper_name;
        uintptr_t qualified_name;
        lxw_str_t *is_value;
        lxw_attr_t *first_attr;
    } lxw_element_t;
    /* The name of an attribute whose name is not one of Lexbor's fixed ones: its number is the address of
       its entry in the document's table of names (lexbor/dom/interfaces/attr.h, lexbor/core/hash.h). */
    typedef struct {
        union { unsigned char *long_str; unsigned char short_str[17]; } u;
        size_t length;
        void *next;
    } lxw_hash_entry_t;
    typedef struct { lxw_hash_entry_t entry; uintptr_t attr_id; } lxw_attr_data_t;
    static inline const unsigned char *lxw_attribute_name(uintptr_t id, size_t *length) {
        const lxw_attr_data_t *data = (const lxw_attr_data_t *) id;
        *length = data->entry.length;
        return data->entry.length <= 16 ? data->entry.u.short_str : data->entry.u.long_str;
    }
    /* A selectolax.lexbor.LexborNode object, as that module's lexbor.pxd declares it. */
    typedef struct {
        PyObject_HEAD
        void *vtab;
        lxw_node_t *node;
        PyObject *parser;
        int is_fragment_root;
        int is_template_content;
    } lxw_pynode_t;
    """
    ctypedef struct lxw_str_t:
        unsigned char *data
        size_t length
    ctypedef struct lxw_node_t:
        uintptr_t local_name
        uintptr_t prefix
        uintptr_t ns
        lxw_node_t *next
        lxw_node_t *parent
        lxw_node_t *first_child
        int type
    ctypedef struct lxw_text_t:
        lxw_str_t data
    ctypedef struct lxw_attr_t:
        lxw_node_t node
        lxw_str_t *value
        lxw_attr_t *next
    ctypedef struct lxw_element_t:
        lxw_attr_t *first_attr
    const unsigned char *lxw_attribute_name(uintptr_t id, size_t *length) nogil
    ctypedef struct lxw_pynode_t:
        lxw_node_t *node
        PyObject *parser
        int is_fragment_root
        int is_template_content


cdef enum:
    # Lexbor's numbers: node types, and the tag number of text nodes.
    TYPE_ELEMENT = 1
    TYPE_TEXT = 3
    TAG_TEXT = 2
    # Tag numbers below this are Lexbor's fixed ones for the HTML names; the sets below hold only those.
    TAG_LIMIT = 1024


# --- growable byte buffers -------------------------------------------------------------------

cdef struct Buffer:
    char *data
    Py_ssize_t length
    Py_ssize_t size


cdef int buffer_add(Buffer *buf, const char *data, Py_ssize_t length) except -1:
    cdef Py_ssize_t needed = buf.length + length
    cdef char *grown
    if needed > buf.size:
        grown = <char *> realloc(buf.data, max(needed, 2 * buf.size, 256))
        if grown == NULL:
            raise MemoryError()
        buf.data = grown
        buf.size = max(needed, 2 * buf.size, 256)
    memcpy(buf.data + buf.length, data, length)
    buf.length = needed
    return 0


cdef inline int buffer_byte(Buffer *buf, char byte) except -1:
    if buf.length >= buf.size:
        buffer_add(buf, &byte, 1)
    else:
        buf.data[buf.length] = byte
        buf.length += 1
    return 0


# --- UTF-8 -----------------------------------------------------------------------------------


cdef inline bint ascii_word(const unsigned char *s) noexcept nogil:
    """Whether the 8 bytes at ``s`` are all ASCII."""
    cdef unsigned long long word
    memcpy(&word, s, 8)
    return (word & 0x8080808080808080ULL) == 0


cdef Py_ssize_t utf8_valid_length(const unsigned char *s, Py_ssize_t n) noexcept nogil:
    """The number of code points in ``s``, or -1 when it is not well-formed UTF-8 (RFC 3629: what
    Python's decoder accepts without replacing anything)."""
    cdef Py_ssize_t i = 0, count = 0
    cdef unsigned char c, c1
    while i < n:
        if i + 8 <= n and ascii_word(s + i):
            i += 8
            count += 8
            continue
        c = s[i]
        if c < 0x80:
            i += 1
        elif 0xC2 <= c <= 0xDF:
            if i + 1 >= n or (s[i + 1] & 0xC0) != 0x80:
                return -1
            i += 2
        elif 0xE0 <= c <= 0xEF:
            if i + 2 >= n or (s[i + 2] & 0xC0) != 0x80:
                return -1
            c1 = s[i + 1]
            if (c == 0xE0 and not 0xA0 <= c1 <= 0xBF) or (c == 0xED and not 0x80 <= c1 <= 0x9F) or (c1 & 0xC0) != 0x80:
                return -1
            i += 3
        elif 0xF0 <= c <= 0xF4:
            if i + 3 >= n or (s[i + 2] & 0xC0) != 0x80 or (s[i + 3] & 0xC0) != 0x80:
                return -1
            c1 = s[i + 1]
            if (c == 0xF0 and not 0x90 <= c1 <= 0xBF) or (c == 0xF4 and not 0x80 <= c1 <= 0x8F) or (c1 & 0xC0) != 0x80:
                return -1
            i += 4
        else:
            return -1
        count += 1
    return count


cdef inline Py_UCS4 next_code_point(const unsigned char *s, Py_ssize_t *i) noexcept nogil:
    """The code point at ``s[i[0]]`` of well-formed UTF-8; ``i[0]`` moves past it."""
    cdef unsigned char c = s[i[0]]
    if c < 0x80:
        i[0] += 1
        return c
    if c < 0xE0:
        i[0] += 2
        return ((c & 0x1F) << 6) | (s[i[0] - 1] & 0x3F)
    if c < 0xF0:
        i[0] += 3
        return ((c & 0x0F) << 12) | ((s[i[0] - 2] & 0x3F) << 6) | (s[i[0] - 1] & 0x3F)
    i[0] += 4
    return ((c & 0x07) << 18) | ((s[i[0] - 3] & 0x3F) << 12) | ((s[i[0] - 2] & 0x3F) << 6) | (s[i[0] - 1] & 0x3F)


cdef inline bint is_space(Py_UCS4 ch) noexcept nogil:
    if ch < 0x80:
        return ch == 32 or 9 <= ch <= 13 or 28 <= ch <= 31
    return Py_UNICODE_ISSPACE(ch)


cdef struct Counts:
    Py_ssize_t chars      # code points
    Py_ssize_t stripped   # code points once leading and trailing whitespace is dropped
    Py_ssize_t commas     # ",", and the commas of other scripts: "，" "、" "،"
    bint spaces_only      # no code point that is not whitespace (true for no text at all)


cdef void count_text(const unsigned char *s, Py_ssize_t n, Counts *counts, Py_ssize_t *first, Py_ssize_t *last) noexcept nogil:
    """Add the code points of well-formed UTF-8 ``s`` to ``counts``; ``first`` and ``last`` are the positions
    (in code points from the start of all text counted so far) of the first and last that are not whitespace."""
    cdef Py_ssize_t i = 0
    cdef Py_UCS4 ch
    while i < n:
        ch = s[i]
        if ch < 0x80:
            i += 1
        else:
            ch = next_code_point(s, &i)
        if not is_space(ch):
            if first[0] < 0:
                first[0] = counts.chars
            last[0] = counts.chars
            counts.spaces_only = False
            if ch == 0x2C or ch == 0xFF0C or ch == 0x3001 or ch == 0x060C:
                counts.commas += 1
        counts.chars += 1


cdef inline const unsigned char *text_of(lxw_node_t *node, Py_ssize_t *length) noexcept nogil:
    cdef lxw_text_t *text = <lxw_text_t *> node
    length[0] = <Py_ssize_t> text.data.length
    return text.data.data


cdef inline bint is_read(lxw_node_t *text) noexcept nogil:
    """Whether a text node is read: it is not right inside a script or a style (see ``configure``)."""
    return text.parent == NULL or not in_set(UNREAD_TAGS, text.parent.local_name)


cdef inline lxw_node_t *next_in(lxw_node_t *node, lxw_node_t *root) noexcept nogil:
    """The node after ``node`` in document order, without leaving ``root``'s descendants (Lexbor's simple walk)."""
    if node.first_child != NULL:
        return node.first_child
    while node != root and node.next == NULL:
        node = node.parent
    if node == root:
        return NULL
    return node.next


cdef bint subtree_counts(lxw_node_t *root, Counts *counts) noexcept nogil:
    """The counts of ``visible_text(node)``: the text nodes below ``root`` (and ``root`` itself when it is
    one), in document order, but those right inside a script or a style. False when some text is not
    well-formed UTF-8."""
    cdef Py_ssize_t first = -1, last = -1, length
    cdef const unsigned char *data
    cdef lxw_node_t *node
    counts.chars = counts.stripped = counts.commas = 0
    counts.spaces_only = True
    if root.type == TYPE_TEXT and is_read(root):
        data = text_of(root, &length)
        if data != NULL:
            if utf8_valid_length(data, length) < 0:
                return False
            count_text(data, length, counts, &first, &last)
    node = root.first_child
    while node != NULL:
        if node.local_name == TAG_TEXT and is_read(node):
            data = text_of(node, &length)
            if data != NULL and length:
                if utf8_valid_length(data, length) < 0:
                    return False
                count_text(data, length, counts, &first, &last)
        node = next_in(node, root)
    counts.stripped = last - first + 1 if first >= 0 else 0
    return True


cdef inline lxw_node_t *node_at(object node):
    """The Lexbor node of a ``LexborNode`` (what ``mem_id`` gives, without the call)."""
    if type(node) is not NodeType:
        raise TypeError(f"a LexborNode was expected, not {type(node).__name__}")
    return (<lxw_pynode_t *> node).node


cdef object NodeType = _lexbor.LexborNode
cdef PyTypeObject *NODE_TYPE = <PyTypeObject *> NodeType
cdef tuple NO_ARGUMENTS = ()


cdef object new_node(lxw_node_t *raw, object like):
    """A ``LexborNode`` for ``raw``, a node of the same page as ``like``."""
    cdef object node = NODE_TYPE.tp_new(NodeType, <PyObject *> NO_ARGUMENTS, NULL)
    cdef lxw_pynode_t *fields = <lxw_pynode_t *> node
    cdef PyObject *parser = (<lxw_pynode_t *> like).parser
    Py_INCREF(<object> parser)
    Py_DECREF(<object> fields.parser)
    fields.parser = parser
    fields.node = raw
    return node


cdef lxw_str_t *attribute(lxw_node_t *element, uintptr_t name) noexcept nogil:
    """The value of an element's attribute without a namespace prefix, by Lexbor's number for its name;
    NULL when the element has none."""
    cdef lxw_attr_t *attr = (<lxw_element_t *> element).first_attr
    while attr != NULL:
        if attr.node.local_name == name and attr.node.prefix == 0:
            return attr.value
        attr = attr.next
    return NULL


cdef uintptr_t HTML_NAMESPACE = 0  # Lexbor's number for HTML's namespace (learned by the layout check)


#: Lexbor's numbers for attribute names that are the same in every document (its fixed ones), by name.
ATTRIBUTE_NAMES: dict = {}


# --- attribute selectors, without the selector engine ----------------------------------------

cdef enum:
    # Lexbor numbers the attribute names it knows (class, id, style, href ...) from 0 up; the number of any
    # other name is the address of its entry in the document's table of names.
    FIXED_NAMES_BELOW = 0x10000
    # What a condition asks of an attribute's value (see Rules).
    OP_EXISTS = 0
    OP_EQUALS = 1
    OP_CONTAINS = 2
    OP_WORD = 3       # one of its words (separated by ASCII spaces) is the value
    OP_NOT_EMPTY = 4
    OP_WORD_IN = 5    # the value, or one of its words, once ASCII capitals are small, is in a set; or it is not ASCII


cdef struct Condition:
    uintptr_t fixed        # Lexbor's number for the name, when it is a fixed one (else 0: the name is compared)
    const char *name
    Py_ssize_t name_length
    int op
    const char *value
    Py_ssize_t value_length
    bint ignore_case       # (on HTML elements only)
    Py_ssize_t set_start, set_count  # OP_WORD_IN: its values are Rules.words[set_start:set_start + set_count]


cdef struct Alternative:
    uintptr_t tag          # 0: any element
    Py_ssize_t first, count


cdef inline bint is_space_byte(unsigned char c) noexcept nogil:
    return c == 0x20 or c == 0x09 or c == 0x0A or c == 0x0C or c == 0x0D


cdef uintptr_t fixed_name(str name) except? 0:
    """Lexbor's fixed number for an attribute name, or 0 when it has none (asked of a small page)."""
    tree = _lexbor.LexborHTMLParser(f"<p {name}>")
    cdef lxw_attr_t *attr = (<lxw_element_t *> node_at(tree.css_first("p"))).first_attr
    if attr == NULL:
        raise ValueError(f"not an attribute name: {name!r}")
    return attr.node.local_name if attr.node.local_name < FIXED_NAMES_BELOW else 0


cdef class Rules:
    """A selector made of element names and attribute conditions (``a[rel="author"], [class*="byline"]``),
    for :func:`select` and :func:`elements`: what lexbor's selector engine finds, found in one walk without
    it. ``alternatives``: ``(tag number or 0, [(attribute, operator, value, case ignored), ...])``, the
    operators ``"exists"``, ``"="``, ``"*="``, ``"~="``, ``"not empty"``, ``"word in"`` (the value a set of
    lower-case words)."""

    cdef list keep         # the Python objects the C arrays point into
    cdef Condition *conditions
    cdef Alternative *alternatives
    cdef Py_ssize_t count
    cdef const char **words
    cdef Py_ssize_t *word_lengths

    def __cinit__(self, list alternatives):
        cdef Py_ssize_t total = sum(len(conditions) for _, conditions in alternatives), i = 0, k = 0, w = 0
        cdef Py_ssize_t words = sum(len(value) for _, conditions in alternatives for _, op, value, _ in conditions
                                    if op == "word in")
        self.keep = []
        self.count = len(alternatives)
        self.conditions = <Condition *> calloc(max(total, 1), sizeof(Condition))
        self.alternatives = <Alternative *> calloc(max(self.count, 1), sizeof(Alternative))
        self.words = <const char **> calloc(max(words, 1), sizeof(char *))
        self.word_lengths = <Py_ssize_t *> calloc(max(words, 1), sizeof(Py_ssize_t))
        if self.conditions == NULL or self.alternatives == NULL or self.words == NULL or self.word_lengths == NULL:
            raise MemoryError()
        for tag, conditions in alternatives:
            if not 0 <= tag < TAG_LIMIT:
                raise ValueError(f"tag number {tag} is not one of Lexbor's fixed ones")
            self.alternatives[k].tag = tag
            self.alternatives[k].first = i
            self.alternatives[k].count = len(conditions)
            for name, op, value, ignore_case in conditions:
                encoded = name.lower().encode("ascii")
                self.keep.append(encoded)
                self.conditions[i].fixed = fixed_name(name)
                self.conditions[i].name = <const char *> <bytes> encoded
                self.conditions[i].name_length = len(encoded)
                self.conditions[i].op = {"exists": OP_EXISTS, "=": OP_EQUALS, "*=": OP_CONTAINS, "~=": OP_WORD,
                                         "not empty": OP_NOT_EMPTY, "word in": OP_WORD_IN}[op]
                self.conditions[i].ignore_case = ignore_case
                if op == "word in":
                    self.conditions[i].set_start = w
                    self.conditions[i].set_count = len(value)
                    for word in sorted(value):
                        encoded_word = word.encode()
                        self.keep.append(encoded_word)
                        self.words[w] = <const char *> <bytes> encoded_word
                        self.word_lengths[w] = len(encoded_word)
                        w += 1
                elif op not in ("exists", "not empty"):
                    encoded_value = (value.lower() if ignore_case else value).encode()
                    self.keep.append(encoded_value)
                    self.conditions[i].value = <const char *> <bytes> encoded_value
                    self.conditions[i].value_length = len(encoded_value)
                i += 1
            k += 1

    def __dealloc__(self):
        free(self.conditions)
        free(self.alternatives)
        free(self.words)
        free(self.word_lengths)

    cdef bint matches(self, lxw_node_t *node) noexcept nogil:
        cdef Py_ssize_t k, i
        cdef Alternative *alternative
        cdef bint all_hold
        for k in range(self.count):
            alternative = &self.alternatives[k]
            if alternative.tag and node.local_name != alternative.tag:
                continue
            all_hold = True
            for i in range(alternative.first, alternative.first + alternative.count):
                if not self._holds(node, &self.conditions[i]):
                    all_hold = False
                    break
            if all_hold:
                return True
        return False

    cdef bint _holds(self, lxw_node_t *node, Condition *condition) noexcept nogil:
        cdef lxw_attr_t *attr = find_attribute(node, condition)
        cdef lxw_str_t *value
        cdef bint ignore_case = condition.ignore_case and node.ns == HTML_NAMESPACE
        if attr == NULL:
            return False
        if condition.op == OP_EXISTS:
            return True
        value = attr.value
        if condition.op == OP_NOT_EMPTY:
            return value != NULL and value.length > 0
        if value == NULL:
            return condition.op == OP_EQUALS and condition.value_length == 0
        if condition.op == OP_EQUALS:
            return same_bytes(value.data, <Py_ssize_t> value.length, condition.value, condition.value_length,
                              ignore_case)
        if condition.op == OP_CONTAINS:
            return condition.value_length > 0 and contains_bytes(value.data, <Py_ssize_t> value.length,
                                                                  condition.value, condition.value_length, ignore_case)
        if condition.op == OP_WORD:
            return has_word(value.data, <Py_ssize_t> value.length, condition.value, condition.value_length,
                            ignore_case)
        return self._word_in(value.data, <Py_ssize_t> value.length, condition)

    cdef bint _word_in(self, const unsigned char *s, Py_ssize_t n, Condition *condition) noexcept nogil:
        """OP_WORD_IN: the value, or one of its words, lower-cased, is in the set; or the value is not ASCII
        (the caller then decides, as Python's lower() and split() would)."""
        cdef Py_ssize_t i, start
        for i in range(n):
            if s[i] >= 0x80:
                return True
        if self._in_set(s, n, condition):
            return True
        i = 0
        while i < n:
            while i < n and (is_space_byte(s[i]) or 0x1C <= s[i] <= 0x1F or s[i] == 0x0B):
                i += 1
            start = i
            while i < n and not (is_space_byte(s[i]) or 0x1C <= s[i] <= 0x1F or s[i] == 0x0B):
                i += 1
            if i > start and self._in_set(s + start, i - start, condition):
                return True
        return False

    cdef bint _in_set(self, const unsigned char *s, Py_ssize_t n, Condition *condition) noexcept nogil:
        cdef Py_ssize_t w
        for w in range(condition.set_start, condition.set_start + condition.set_count):
            if self.word_lengths[w] == n and same_bytes(s, n, self.words[w], n, True):
                return True
        return False


cdef lxw_attr_t *find_attribute(lxw_node_t *node, Condition *condition) noexcept nogil:
    """The element's first attribute whose local name is the condition's (a prefix such as ``xlink:`` not
    looked at, as Lexbor's selectors do), or NULL."""
    cdef lxw_attr_t *attr = (<lxw_element_t *> node).first_attr
    cdef uintptr_t id
    cdef const unsigned char *name
    cdef size_t length
    while attr != NULL:
        id = attr.node.local_name
        if condition.fixed:
            if id == condition.fixed:
                return attr
        elif id >= FIXED_NAMES_BELOW:
            name = lxw_attribute_name(id, &length)
            if <Py_ssize_t> length == condition.name_length and memcmp(name, condition.name, length) == 0:
                return attr
        attr = attr.next
    return NULL


cdef inline unsigned char small(unsigned char c, bint ignore_case) noexcept nogil:
    return c + 32 if ignore_case and 0x41 <= c <= 0x5A else c


cdef bint same_bytes(const unsigned char *s, Py_ssize_t n, const char *value, Py_ssize_t m,
                     bint ignore_case) noexcept nogil:
    """Whether ``s[:n]`` is ``value`` (``value`` in small letters when ``ignore_case``)."""
    cdef Py_ssize_t i
    if n != m:
        return False
    for i in range(n):
        if small(s[i], ignore_case) != <unsigned char> value[i]:
            return False
    return True


cdef bint contains_bytes(const unsigned char *s, Py_ssize_t n, const char *value, Py_ssize_t m,
                         bint ignore_case) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n - m + 1):
        if same_bytes(s + i, m, value, m, ignore_case):
            return True
    return False


cdef bint has_word(const unsigned char *s, Py_ssize_t n, const char *value, Py_ssize_t m,
                   bint ignore_case) noexcept nogil:
    """Whether one of the words of ``s[:n]`` (separated by ASCII spaces) is ``value``."""
    cdef Py_ssize_t i = 0, start
    while i < n:
        while i < n and is_space_byte(s[i]):
            i += 1
        start = i
        while i < n and not is_space_byte(s[i]):
            i += 1
        if i > start and same_bytes(s + start, i - start, value, m, ignore_case):
            return True
    return False


def select(object node, Rules rules):
    """The elements below ``node`` (itself included) that ``rules`` match, in document order: ``node.css()``
    of the selector ``rules`` stands for."""
    cdef lxw_node_t *root = node_at(node)
    cdef lxw_node_t *current = root
    cdef list found = []
    while current != NULL:
        if current.type == TYPE_ELEMENT and rules.matches(current):
            found.append(new_node(current, node))
        current = next_in(current, root)
    return found


def elements(object node, tags, kept_if=None):
    """The elements below ``node`` (itself included), in document order, whose tag number is in ``tags``:
    ``node.css("a, b, ...")`` for a list of element names, without the selector engine. ``kept_if`` maps a
    tag number to :class:`Rules`: those elements are kept only when the rules match them
    (``link[rel="canonical"]``)."""
    cdef unsigned char wanted[TAG_LIMIT]
    cdef unsigned char filtered[TAG_LIMIT]
    cdef lxw_node_t *root = node_at(node)
    cdef lxw_node_t *current = root
    cdef list found = []
    cdef dict rules = dict(kept_if or {})
    cdef uintptr_t tag
    for value in rules.values():
        if not isinstance(value, Rules):
            raise TypeError(f"kept_if maps tag numbers to Rules, not {type(value).__name__}")
    fill_tags(wanted, tags)
    fill_tags(filtered, rules)
    while current != NULL:
        tag = current.local_name
        if current.type == TYPE_ELEMENT and in_set(wanted, tag):
            if not filtered[tag] or (<Rules> rules[tag]).matches(current):
                found.append(new_node(current, node))
        current = next_in(current, root)
    return found


# --- bytes -----------------------------------------------------------------------------------


def count_byte(bytes data, unsigned char byte):
    """``data.count(byte)`` for a byte that is not frequent, by jumps from one to the next (``memchr``, which
    reads many bytes at once: ``bytes.count`` takes five instructions a byte, the cost of the nesting guard
    on large pages)."""
    cdef const char *s = data
    cdef const char *end = s + len(data)
    cdef Py_ssize_t count = 0
    with nogil:
        while True:
            s = <const char *> memchr(s, byte, end - s)
            if s == NULL:
                break
            count += 1
            s += 1
    return count


# --- cutting out what is never read, before the parse ------------------------------------------
#
# strip_unread reads markup as the HTML tokenizer does, as far as it needs to: where each tag starts and ends
# (attributes and their quotes included), comments, and the elements whose content is not markup. It gives up
# (returns the rest of the page as it is) wherever it would have to guess.

cdef enum:
    # What a byte is to the scanner (bits of MARKUP).
    SPACE = 1
    SLASH = 2
    GT = 4
    EQUALS = 8
    ENDS_NAME = SPACE | SLASH | GT
    ENDS_ATTRIBUTE = SPACE | SLASH | GT | EQUALS
    ENDS_VALUE = SPACE | GT

cdef unsigned char MARKUP[256]
for _byte in range(256):
    MARKUP[_byte] = 0
for _byte in (0x20, 0x09, 0x0A, 0x0C, 0x0D):
    MARKUP[_byte] |= SPACE
MARKUP[b'/'] |= SLASH
MARKUP[b'>'] |= GT
MARKUP[b'='] |= EQUALS


cdef inline bint is_ascii_letter(unsigned char c) noexcept nogil:
    return (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A)


cdef bint name_is(const unsigned char *s, Py_ssize_t length, const char *name) noexcept nogil:
    """Whether the ``length`` bytes at ``s`` are ``name`` (in small letters) once ASCII capitals are small."""
    cdef Py_ssize_t i
    cdef unsigned char c
    for i in range(length):
        c = s[i]
        if 0x41 <= c <= 0x5A:
            c += 32
        if name[i] == 0 or c != <unsigned char> name[i]:
            return False
    return name[length] == 0


cdef bint name_in(const unsigned char *s, Py_ssize_t length, const char **names, Py_ssize_t count) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(count):
        if name_is(s, length, names[i]):
            return True
    return False


cdef Py_ssize_t find_text(const unsigned char *s, Py_ssize_t start, Py_ssize_t end, const char *text,
                          Py_ssize_t length) noexcept nogil:
    """Where ``text`` (in small letters) first occurs in ``s[start:end]``, case ignored; -1 when it does not."""
    cdef const unsigned char *found
    cdef const unsigned char *capital
    cdef Py_ssize_t i = start
    cdef unsigned char first = text[0]
    cdef bint letter = 0x61 <= first <= 0x7A
    while i <= end - length:
        found = <const unsigned char *> memchr(s + i, first, end - length + 1 - i)
        if letter:
            capital = <const unsigned char *> memchr(s + i, first - 32, (found - s if found != NULL else end - length + 1) - i)
            if capital != NULL:
                found = capital
        if found == NULL:
            return -1
        i = found - s
        if name_is(s + i, length, text):
            return i
        i += 1
    return -1


cdef Py_ssize_t after(const unsigned char *s, Py_ssize_t at, Py_ssize_t n, unsigned char byte) noexcept nogil:
    """The position after the first ``byte`` at or after ``at``, or -1."""
    cdef const unsigned char *found = <const unsigned char *> memchr(s + at, byte, n - at) if at < n else NULL
    return found - s + 1 if found != NULL else -1


cdef Py_ssize_t comment_end(const unsigned char *s, Py_ssize_t at, Py_ssize_t n) noexcept nogil:
    """The position after the comment that starts with ``<!--`` at ``at`` (``-->``, ``--!>``, or ``<!-->`` and
    ``<!--->`` at once), or -1 when it runs to the end."""
    cdef Py_ssize_t j = at + 4
    if j < n and s[j] == b'>':
        return j + 1
    if j + 1 < n and s[j] == b'-' and s[j + 1] == b'>':
        return j + 2
    while True:
        j = after(s, j, n, b'-')
        if j < 0:
            return -1
        j -= 1
        if j + 2 < n and s[j + 1] == b'-' and s[j + 2] == b'>':
            return j + 3
        if j + 3 < n and s[j + 1] == b'-' and s[j + 2] == b'!' and s[j + 3] == b'>':
            return j + 4
        j += 1


cdef struct Tag:
    Py_ssize_t name_start, name_end   # the tag's name
    Py_ssize_t end                    # the position after its ">"
    bint self_closing                 # it ends with "/>"
    Py_ssize_t type_start, type_end   # the value of its first "type" attribute (-1: none)


cdef int read_tag(const unsigned char *s, Py_ssize_t at, Py_ssize_t n, Tag *tag, Buffer *cuts) except -2:
    """Read the tag whose name starts at ``at`` (after ``<`` or ``</``) to the ``>`` that ends it, as the
    tokenizer does (a quoted value may hold ``>``). With ``cuts``, the attributes not read by the extractors
    are added to it. 0, or -1 when the markup ends inside the tag."""
    cdef Py_ssize_t j = at, attribute_start, name_length, value_start
    cdef const unsigned char *found
    cdef unsigned char c, quote
    cdef bint is_type
    tag.name_start = at
    while j < n and not MARKUP[s[j]] & ENDS_NAME:
        j += 1
    tag.name_end = j
    tag.type_start = tag.type_end = -1
    tag.self_closing = False
    while j < n:
        c = s[j]
        if c == b'/':
            j += 1
            if j < n and s[j] == b'>':
                tag.self_closing = True
            continue
        if MARKUP[c] & SPACE:
            j += 1
            continue
        if c == b'>':
            tag.end = j + 1
            return 0
        attribute_start = j
        j += 1  # (the first character of a name may be "=")
        while j < n and not MARKUP[s[j]] & ENDS_ATTRIBUTE:
            j += 1
        name_length = j - attribute_start
        is_type = name_length == 4 and name_is(s + attribute_start, 4, b"type")
        while j < n and MARKUP[s[j]] & SPACE:
            j += 1
        if j < n and s[j] == b'=':
            j += 1
            while j < n and MARKUP[s[j]] & SPACE:
                j += 1
            if j < n and (s[j] == b'"' or s[j] == b"'"):
                quote = s[j]
                found = <const unsigned char *> memchr(s + j + 1, quote, n - j - 1)
                if found == NULL:
                    return -1
                if is_type and tag.type_start < 0:
                    tag.type_start, tag.type_end = j + 1, found - s
                j = found - s + 1
            else:
                value_start = j
                while j < n and not MARKUP[s[j]] & ENDS_VALUE:
                    j += 1
                if is_type and tag.type_start < 0:
                    tag.type_start, tag.type_end = value_start, j
        # (j is where the attribute ends: after its value, or after the spaces that follow a name without
        # one, which the next attribute does not need.) An attribute right after a "/" stays: cut out, it
        # would leave "/>", which closes a tag in <svg>.
        if cuts != NULL and s[attribute_start - 1] != b'/' and not is_read_attribute(s + attribute_start, name_length):
            buffer_add(cuts, <const char *> &attribute_start, sizeof(Py_ssize_t))
            buffer_add(cuts, <const char *> &j, sizeof(Py_ssize_t))
    return -1


cdef Py_ssize_t markup_end(const unsigned char *s, Py_ssize_t at, Py_ssize_t n) except -2:
    """What follows a ``<`` at ``at`` that opens no start tag: the position after the end tag, comment,
    doctype or bogus comment it opens (``at + 1`` for a ``<`` that is text), or -1 when it runs to the end."""
    cdef Tag tag
    cdef unsigned char c = s[at + 1] if at + 1 < n else 0
    if c == b'!':
        if at + 3 < n and s[at + 2] == b'-' and s[at + 3] == b'-':
            return comment_end(s, at, n)
        return after(s, at, n, b'>')  # a doctype, a CDATA section outside <svg>, a bogus comment
    if c == b'?':
        return after(s, at, n, b'>')
    if c == b'/':
        if at + 2 < n and is_ascii_letter(s[at + 2]):
            return tag.end if read_tag(s, at + 2, n, &tag, NULL) == 0 else -1  # an end tag (attributes too)
        if at + 2 < n and s[at + 2] == b'>':
            return at + 3  # "</>" is dropped
        return after(s, at, n, b'>')  # "</ x>": a bogus comment
    return at + 1


cdef const char *TEXT_NAMES[6]       # their content is text, not markup, to their end tag
TEXT_NAMES[:] = [b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes"]
cdef const char *FOREIGN_NAMES[2]    # where tags mean other things, until the element ends
FOREIGN_NAMES[:] = [b"svg", b"math"]
# The tags that end <svg> and <math> content early (HTML's "breakout" tags): met inside, they make
# strip_unread give up.
cdef const char *BREAKOUT_NAMES[45]
BREAKOUT_NAMES[:] = [b"b", b"big", b"blockquote", b"body", b"br", b"center", b"code", b"dd", b"div", b"dl", b"dt",
                     b"em", b"embed", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"head", b"hr", b"i", b"img", b"li",
                     b"listing", b"menu", b"meta", b"nobr", b"ol", b"p", b"pre", b"ruby", b"s", b"small", b"span",
                     b"strong", b"strike", b"sub", b"sup", b"table", b"tt", b"u", b"ul", b"var", b"font"]
# The elements of <svg> and <math> that hold HTML (integration points): a script or a style in one is HTML's,
# its text not markup, and strip_unread gives up there too. (Elsewhere in <svg> they are <svg>'s own, whose
# content is markup like any other.)
cdef const char *INTEGRATION_NAMES[9]
INTEGRATION_NAMES[:] = [b"foreignobject", b"desc", b"title", b"mi", b"mo", b"mn", b"ms", b"mtext", b"annotation-xml"]
cdef const char *RAW_TEXT_NAMES[2]
RAW_TEXT_NAMES[:] = [b"script", b"style"]


cdef Py_ssize_t foreign_end(const unsigned char *s, Py_ssize_t at, Py_ssize_t n) except -2:
    """The position after the ``</svg>`` or ``</math>`` that ends the foreign element whose content starts
    at ``at``, as nested ones are counted; -1 where the content holds what would need the tree builder to
    follow (an HTML tag that ends it early, an HTML script or style, a CDATA section) or runs to the end."""
    cdef Py_ssize_t depth = 1, integration = 0, i = at, length
    cdef Tag tag
    cdef unsigned char c
    while True:
        i = after(s, i, n, b'<')
        if i < 0:
            return -1
        i -= 1
        c = s[i + 1] if i + 1 < n else 0
        if c == b'!' and n - i >= 9 and memcmp(s + i, b"<![CDATA[", 9) == 0:
            return -1
        if is_ascii_letter(c):
            if read_tag(s, i + 1, n, &tag, NULL) != 0:
                return -1
            length = tag.name_end - tag.name_start
            if name_in(s + tag.name_start, length, BREAKOUT_NAMES, 45):
                return -1
            if integration and name_in(s + tag.name_start, length, RAW_TEXT_NAMES, 2):
                return -1
            if not tag.self_closing:
                if name_in(s + tag.name_start, length, FOREIGN_NAMES, 2):
                    depth += 1
                elif name_in(s + tag.name_start, length, INTEGRATION_NAMES, 9):
                    integration += 1
            i = tag.end
            continue
        if c == b'/' and i + 2 < n and is_ascii_letter(s[i + 2]):
            if read_tag(s, i + 2, n, &tag, NULL) != 0:
                return -1
            length = tag.name_end - tag.name_start
            if name_is(s + tag.name_start, length, b"br") or name_is(s + tag.name_start, length, b"p"):
                return -1
            if name_in(s + tag.name_start, length, FOREIGN_NAMES, 2):
                depth -= 1
                if depth == 0:
                    return tag.end
            elif integration and name_in(s + tag.name_start, length, INTEGRATION_NAMES, 9):
                integration -= 1
            i = tag.end
            continue
        i = markup_end(s, i, n)
        if i < 0:
            return -1


cdef Py_ssize_t find_end_tag(const unsigned char *s, Py_ssize_t start, Py_ssize_t n, const char *name,
                             Py_ssize_t name_length) noexcept nogil:
    """Where the first ``</name`` (case ignored) followed by a space, ``/`` or ``>`` starts at or after
    ``start``; -1 when there is none (the element's text then runs to the end of the markup)."""
    cdef const unsigned char *found
    cdef Py_ssize_t i = start, end
    while True:
        found = <const unsigned char *> memchr(s + i, b'<', n - i)
        if found == NULL:
            return -1
        i = found - s
        end = i + 2 + name_length
        if end >= n:
            return -1
        if s[i + 1] == b'/' and name_is(s + i + 2, name_length, name) and MARKUP[s[end]] & ENDS_NAME:
            return i
        i += 1


cdef list READ_ATTRIBUTES = []  # (see configure_markup; the bytes objects the table below points into)
cdef const char *READ_NAMES[64]
cdef Py_ssize_t READ_LENGTHS[64]
cdef Py_ssize_t READ_COUNT = 0


def configure_markup(read_attributes):
    """Set the names of the attributes the extractors read (``strip_unread`` keeps only those)."""
    global READ_ATTRIBUTES, READ_COUNT
    names = sorted({name.lower().encode("ascii") for name in read_attributes})
    if len(names) > 64:
        raise ValueError("at most 64 attribute names")
    READ_ATTRIBUTES = names
    for i, name in enumerate(names):
        READ_NAMES[i] = <const char *> <bytes> name
        READ_LENGTHS[i] = len(name)
    READ_COUNT = len(names)


cdef inline bint is_read_attribute(const unsigned char *s, Py_ssize_t length) noexcept nogil:
    cdef Py_ssize_t i
    cdef unsigned char first = s[0] | 0x20 if length else 0
    for i in range(READ_COUNT):
        if READ_LENGTHS[i] == length and <unsigned char> READ_NAMES[i][0] == first and name_is(s, length, READ_NAMES[i]):
            return True
    return False


def strip_unread(bytes markup):
    """The markup without what the extractors never read, which the parser need not go through: the text
    of the ``<script>`` and ``<style>`` elements (half the bytes of a news page; the extractors read and
    measure only the text a reader sees), and the attributes whose names are not in ``READ_ATTRIBUTES``
    (``data-*``, ``src``, ``srcset``, ``alt`` ...: a fifth of what is left). JSON-LD scripts keep their
    text. What the markup hides from this scan (comments, ``<textarea>``, ``<svg>`` and ``<math>`` ...) is
    left as it is; so is the rest of the page where the markup is ambiguous (a script that
    may be "double escaped", foreign content the tree builder would end early, a tag never closed)."""
    cdef const unsigned char *s = markup
    cdef Py_ssize_t n = len(markup), i = 0, content, end, length, tag_cuts, k, count, total, at
    cdef Tag tag
    cdef Buffer cuts  # (start, end) of each stretch cut out, as Py_ssize_t pairs, in order
    cdef Py_ssize_t *pairs
    cdef char *target
    cuts.data = NULL
    cuts.length = cuts.size = 0
    try:
        while True:
            i = after(s, i, n, b'<')
            if i < 0:
                break
            i -= 1
            if i + 1 >= n or not is_ascii_letter(s[i + 1]):
                i = markup_end(s, i, n)
                if i < 0:
                    break
                continue
            tag_cuts = cuts.length
            if read_tag(s, i + 1, n, &tag, &cuts) != 0:
                cuts.length = tag_cuts
                break  # the markup ends inside a tag
            i = tag.end
            length = tag.name_end - tag.name_start
            if name_is(s + tag.name_start, length, b"plaintext"):
                break  # everything after it is text
            if name_in(s + tag.name_start, length, FOREIGN_NAMES, 2):
                if tag.self_closing:
                    continue
                i = foreign_end(s, i, n)
                if i < 0:
                    break
                continue
            if name_in(s + tag.name_start, length, TEXT_NAMES, 6):
                end = -1
                for k in range(6):
                    if name_is(s + tag.name_start, length, TEXT_NAMES[k]):
                        end = find_end_tag(s, i, n, TEXT_NAMES[k], length)
                        break
                if end < 0:
                    break
                i = end
                continue
            if name_is(s + tag.name_start, length, b"script"):
                end = find_end_tag(s, i, n, b"script", 6)
                if end < 0:
                    break
                content, i = tag.end, end
                if tag.type_start >= 0 and (find_text(s, tag.type_start, tag.type_end, b"json", 4) >= 0
                                            or find_text(s, tag.type_start, tag.type_end, b"&", 1) >= 0):
                    continue  # JSON-LD (or data the page may read)
                k = find_text(s, content, end, b"<!--", 4)
                if k >= 0 and find_text(s, k, end, b"<script", 7) >= 0:
                    break  # perhaps "double escaped": where the script ends is not certain
            elif name_is(s + tag.name_start, length, b"style"):
                end = find_end_tag(s, i, n, b"style", 5)
                if end < 0:
                    break
                content, i = tag.end, end
            else:
                continue
            if end > content:
                buffer_add(&cuts, <const char *> &content, sizeof(Py_ssize_t))
                buffer_add(&cuts, <const char *> &end, sizeof(Py_ssize_t))
        if cuts.length == 0:
            return markup
        pairs = <Py_ssize_t *> cuts.data
        count = cuts.length // (2 * sizeof(Py_ssize_t))
        total = n
        for k in range(count):
            total -= pairs[2 * k + 1] - pairs[2 * k]
        result = PyBytes_FromStringAndSize(NULL, total)
        target = PyBytes_AS_STRING(result)
        at = 0
        for k in range(count):
            memcpy(target, s + at, pairs[2 * k] - at)
            target += pairs[2 * k] - at
            at = pairs[2 * k + 1]
        memcpy(target, s + at, n - at)
        return result
    finally:
        free(cuts.data)


# --- measuring -------------------------------------------------------------------------------


cdef Py_ssize_t subtree_length(lxw_node_t *root) noexcept nogil:
    """The code points of ``visible_text(node)`` (see :func:`subtree_counts`), or -1."""
    cdef Py_ssize_t total = 0, length, chars
    cdef const unsigned char *data
    cdef lxw_node_t *node = root.first_child
    if root.type == TYPE_TEXT and is_read(root):
        data = text_of(root, &length)
        if data != NULL:
            total = utf8_valid_length(data, length)
            if total < 0:
                return -1
    while node != NULL:
        if node.local_name == TAG_TEXT and is_read(node):
            data = text_of(node, &length)
            if data != NULL and length:
                chars = utf8_valid_length(data, length)
                if chars < 0:
                    return -1
                total += chars
        node = next_in(node, root)
    return total


def visible_text(object node, bint strip=False):
    """``visible_text(node, strip=strip)``: the text below ``node`` (itself included, when it is text) but
    what is right inside scripts and styles; with ``strip``, each text node without the spaces around it.
    ``None`` for text that is not UTF-8."""
    cdef lxw_node_t *root = node_at(node)
    cdef lxw_node_t *current = root
    cdef const unsigned char *data
    cdef Py_ssize_t length, start, end, i
    cdef Py_UCS4 ch
    cdef Buffer out
    out.data = NULL
    out.length = out.size = 0
    try:
        while current != NULL:
            if current.local_name == TAG_TEXT and current.type == TYPE_TEXT and is_read(current):
                data = text_of(current, &length)
                if data != NULL and length:
                    if utf8_valid_length(data, length) < 0:
                        return None
                    start, end = 0, length
                    if strip:
                        # the first and the last code point that are not whitespace
                        i = 0
                        while i < length:
                            start = i
                            ch = next_code_point(data, &i)
                            if not is_space(ch):
                                break
                            start = i
                        end = start
                        i = start
                        while i < length:
                            ch = next_code_point(data, &i)
                            if not is_space(ch):
                                end = i
                    buffer_add(&out, <const char *> data + start, end - start)
            current = next_in(current, root) if current != root or root.type != TYPE_TEXT else NULL
        return PyUnicode_DecodeUTF8(out.data, out.length, NULL) if out.length else ""
    finally:
        free(out.data)


def text_length(object node):
    """``len(visible_text(node))``, without making the text; ``None`` for text that is not UTF-8."""
    cdef Py_ssize_t length = subtree_length(node_at(node))
    return length if length >= 0 else None


def text_stats(object node):
    """``(len(text.strip()), commas)`` of ``text = visible_text(node)``, or ``None`` (see :func:`text_length`)."""
    cdef Counts counts
    if not subtree_counts(node_at(node), &counts):
        return None
    return counts.stripped, counts.commas


cdef uintptr_t HREF = 0  # Lexbor's number for the attribute name "href" (the same in every document)
cdef uintptr_t TAG_A = 0


# --- the paragraphs the article finder scores, and the elements above them -------------------

cdef struct AddressSet:
    uintptr_t *slots
    Py_ssize_t mask
    Py_ssize_t count


cdef inline Py_ssize_t address_slot(uintptr_t address, Py_ssize_t mask) noexcept nogil:
    return <Py_ssize_t> (((address >> 4) * <uintptr_t> 0x9E3779B97F4A7C15ULL) >> 20) & mask


cdef bint set_has(AddressSet *table, uintptr_t address) noexcept nogil:
    cdef Py_ssize_t slot = address_slot(address, table.mask)
    while table.slots[slot] != 0:
        if table.slots[slot] == address:
            return True
        slot = (slot + 1) & table.mask
    return False


cdef int set_add(AddressSet *table, uintptr_t address) except -1:
    """Add ``address`` (the table grows to stay at most half full)."""
    cdef Py_ssize_t slot, i, size
    cdef uintptr_t *old
    cdef Py_ssize_t old_size
    if 2 * (table.count + 1) > table.mask + 1:
        old, old_size = table.slots, table.mask + 1
        size = 2 * old_size if old_size else 64
        table.slots = <uintptr_t *> calloc(size, sizeof(uintptr_t))
        if table.slots == NULL:
            table.slots = old
            raise MemoryError()
        table.mask = size - 1
        table.count = 0
        for i in range(old_size):
            if old[i] != 0:
                set_add(table, old[i])
        free(old)
    slot = address_slot(address, table.mask)
    while table.slots[slot] != 0:
        if table.slots[slot] == address:
            return 0
        slot = (slot + 1) & table.mask
    table.slots[slot] = address
    table.count += 1
    return 0


def paragraph_chains(list paragraphs, object body, known, Py_ssize_t min_length):
    """For each of ``paragraphs`` whose text (``visible_text``, without the spaces around it) is at least
    ``min_length`` characters: ``(length, commas, known, new)``, ``text_stats`` of it, the ``mem_id`` of its
    nearest ancestor (or itself) that is in ``known`` or was met for an earlier paragraph (0: none), and the
    elements from below that one down to the paragraph itself, parents first, each as ``(LexborNode, tag
    number, whether it has attributes)``. The climb stops at ``body``. ``None`` when some text is not UTF-8. (What ``_Finder._element`` climbs, without a
    Python object for every step.)"""
    cdef AddressSet seen
    cdef lxw_node_t *node
    cdef lxw_node_t *current
    cdef lxw_node_t *top = node_at(body)
    cdef Counts counts
    cdef list found = [], chain
    cdef uintptr_t stop
    seen.slots = NULL
    seen.mask = -1
    seen.count = 0
    try:
        for mem_id in known:
            set_add(&seen, <uintptr_t> mem_id)
        for paragraph in paragraphs:
            node = node_at(paragraph)
            if not subtree_counts(node, &counts):
                return None
            if counts.stripped < min_length:
                continue
            chain = []
            stop = 0
            current = node
            while current != NULL:
                if seen.count and set_has(&seen, <uintptr_t> current):
                    stop = <uintptr_t> current
                    break
                chain.append((
                    new_node(current, paragraph) if current != node else paragraph,
                    current.local_name,
                    (<lxw_element_t *> current).first_attr != NULL,
                ))
                set_add(&seen, <uintptr_t> current)
                if current == top:
                    break
                current = current.parent
            chain.reverse()
            found.append((counts.stripped, counts.commas, stop, chain))
        return found
    finally:
        free(seen.slots)


# --- measures of every element of a page's body, in one pass --------------------------------

cdef unsigned char DIVISION_BLOCKS[TAG_LIMIT]  # what a text-only <div> holds none of (see Measures.divisions)
cdef uintptr_t TAG_DIV = 0


cdef void *_realloc(void *block, size_t size) except NULL:
    cdef void *grown = realloc(block, size)
    if grown == NULL:
        raise MemoryError()
    return grown


cdef class Measures:
    """The length of the text (``visible_text``) and of the link text of every element below a page's
    body, and which ``<div>`` elements hold no block: measured in one walk, answered by address.

    The article finder asks the same questions about nested elements again and again; a walk for each
    would go through the same nodes many times. ``valid`` is false when some text is not UTF-8 (every
    answer is then ``None``).
    """

    cdef object root_node       # (keeps the page alive while the addresses below are kept)
    cdef lxw_node_t *root
    cdef Py_ssize_t count       # elements measured
    cdef Py_ssize_t capacity    # elements the tables below have room for
    cdef Py_ssize_t mask        # the table of addresses has mask + 1 slots
    cdef uintptr_t *addresses   # by slot: an element's address, or 0
    cdef Py_ssize_t *slots      # by slot: the element's number (its place in document order)
    cdef Py_ssize_t *chars      # by element: code points of its visible text
    cdef Py_ssize_t *links      # by element: code points of the text of the links inside (itself too)
    cdef Py_ssize_t *anchors    # ... of those links that lead within the page (href="#...")
    cdef unsigned char *blocks  # by element: whether a block (DIVISION_BLOCKS) is inside
    cdef uintptr_t *order       # by element: its address
    cdef Py_ssize_t *parents    # by element: its parent's number (-1 for the root)
    cdef readonly bint valid

    def __cinit__(self, object root_node):
        self.root_node = root_node
        self.root = node_at(root_node)
        self.valid = True
        self.count = self.capacity = 0
        self.addresses = NULL
        self.slots = self.chars = self.links = self.anchors = self.parents = NULL
        self.blocks = NULL
        self.order = NULL
        self._measure()

    def __dealloc__(self):
        free(self.addresses)
        free(self.slots)
        free(self.chars)
        free(self.links)
        free(self.anchors)
        free(self.blocks)
        free(self.order)
        free(self.parents)

    cdef int _grow(self) except -1:
        """Make room for twice as many elements (the table of addresses is rebuilt)."""
        cdef Py_ssize_t capacity = 2 * self.capacity if self.capacity else 256, i
        self.chars = <Py_ssize_t *> _realloc(self.chars, capacity * sizeof(Py_ssize_t))
        self.links = <Py_ssize_t *> _realloc(self.links, capacity * sizeof(Py_ssize_t))
        self.anchors = <Py_ssize_t *> _realloc(self.anchors, capacity * sizeof(Py_ssize_t))
        self.parents = <Py_ssize_t *> _realloc(self.parents, capacity * sizeof(Py_ssize_t))
        self.blocks = <unsigned char *> _realloc(self.blocks, capacity)
        self.order = <uintptr_t *> _realloc(self.order, capacity * sizeof(uintptr_t))
        self.capacity = capacity
        return 0

    cdef int _index(self) except -1:
        """The table of addresses, made once every element is numbered."""
        cdef Py_ssize_t size = 16, i
        while size < 2 * self.count:
            size *= 2
        self.mask = size - 1
        self.addresses = <uintptr_t *> calloc(size, sizeof(uintptr_t))
        self.slots = <Py_ssize_t *> malloc(size * sizeof(Py_ssize_t))
        if self.addresses == NULL or self.slots == NULL:
            raise MemoryError()
        for i in range(self.count):
            self._insert(self.order[i], i)
        return 0

    cdef int _measure(self) except -1:
        cdef lxw_node_t *node = self.root
        cdef Py_ssize_t i, length, chars, here
        cdef const unsigned char *data
        # One walk in document order: each element gets its number; text counts for its parent.
        # ``here`` is the number of the element whose children are being walked (-1 above the root).
        here = -1
        while node != NULL:
            if node.type == TYPE_ELEMENT:
                if self.count == self.capacity:
                    self._grow()
                i = self.count
                self.count += 1
                self.order[i] = <uintptr_t> node
                self.parents[i] = here
                self.chars[i] = self.links[i] = self.anchors[i] = 0
                self.blocks[i] = 0
                if node.first_child != NULL:
                    here = i
                    node = node.first_child
                    continue
                self._close(i, here)  # an element without children is complete at once
            elif node.local_name == TAG_TEXT and here >= 0 and is_read(node):
                data = text_of(node, &length)
                if data != NULL and length:
                    chars = utf8_valid_length(data, length)
                    if chars < 0:
                        self.valid = False
                        return 0
                    self.chars[here] += chars
            # Leave this node and every element whose children are done, adding each one's measures to
            # its parent's.
            while node != self.root and node.next == NULL:
                node = node.parent
                self._close(here, self.parents[here])
                here = self.parents[here]
            if node == self.root:
                break
            node = node.next
        self._index()
        return 0

    cdef inline void _close(self, Py_ssize_t element, Py_ssize_t parent) noexcept:
        """The measures of ``element`` are complete: a link counts its own text; add all to the parent's."""
        cdef lxw_node_t *node = <lxw_node_t *> self.order[element]
        cdef lxw_str_t *href
        if node.local_name == TAG_A:
            href = attribute(node, HREF)
            if href != NULL and href.data != NULL and href.length and href.data[0] == b'#':
                self.anchors[element] += self.chars[element]
            else:
                self.links[element] += self.chars[element]
        if parent >= 0:
            self.chars[parent] += self.chars[element]
            self.links[parent] += self.links[element]
            self.anchors[parent] += self.anchors[element]
            if self.blocks[element] or in_set(DIVISION_BLOCKS, node.local_name):
                self.blocks[parent] = 1

    cdef inline Py_ssize_t _slot(self, uintptr_t address) noexcept:
        return <Py_ssize_t> (((address >> 4) * <uintptr_t> 0x9E3779B97F4A7C15ULL) >> 20) & self.mask

    cdef inline void _insert(self, uintptr_t address, Py_ssize_t element) noexcept:
        cdef Py_ssize_t slot = self._slot(address)
        while self.addresses[slot] != 0:
            slot = (slot + 1) & self.mask
        self.addresses[slot] = address
        self.slots[slot] = element

    cdef inline Py_ssize_t _find(self, object node) except -2:
        """The number of ``node`` among the elements measured, or -1."""
        cdef uintptr_t address = <uintptr_t> node_at(node)
        cdef Py_ssize_t slot
        if self.count == 0:
            return -1
        slot = self._slot(address)
        while self.addresses[slot] != 0:
            if self.addresses[slot] == address:
                return self.slots[slot]
            slot = (slot + 1) & self.mask
        return -1

    def text_length(self, object node):
        """``len(visible_text(node))`` for an element below the root (itself included), else ``None``."""
        cdef Py_ssize_t element
        if not self.valid:
            return None
        element = self._find(node)
        return self.chars[element] if element >= 0 else None

    def link_text(self, object node):
        """``(characters of link text, characters of the text of links within the page)`` below ``node``
        (itself included), or ``None`` (see :meth:`text_length`)."""
        cdef Py_ssize_t element
        if not self.valid:
            return None
        element = self._find(node)
        return (self.links[element], self.anchors[element]) if element >= 0 else None

    def divisions(self):
        """The ``<div>`` elements that hold no block (``SCORED_DIVISIONS``), in document order; ``None``
        (see :meth:`text_length`)."""
        cdef Py_ssize_t i
        cdef lxw_node_t *node
        if not self.valid:
            return None
        found = []
        for i in range(self.count):
            node = <lxw_node_t *> self.order[i]
            if node.local_name == TAG_DIV and not self.blocks[i]:
                found.append(new_node(node, self.root_node))
        return found

    def count_tag(self, Py_ssize_t tag):
        """How many of the elements measured have the tag number ``tag``."""
        cdef Py_ssize_t i, count = 0
        for i in range(self.count):
            count += (<lxw_node_t *> self.order[i]).local_name == <uintptr_t> tag
        return count


# --- the walk that turns an element into paragraphs ------------------------------------------

cdef unsigned char SKIP_TAGS[TAG_LIMIT]
cdef unsigned char BLOCK_TAGS[TAG_LIMIT]
cdef unsigned char CELL_TAGS[TAG_LIMIT]
cdef unsigned char UNREAD_TAGS[TAG_LIMIT]
cdef uintptr_t TAG_BR = 0, TAG_PRE = 0
cdef object PREFORMATTED = None


cdef inline bint in_set(const unsigned char *tags, uintptr_t tag) noexcept nogil:
    return tag < TAG_LIMIT and tags[tag]


cdef int fill_tags(unsigned char *table, tags) except -1:
    """Set ``table`` (of ``TAG_LIMIT`` entries) to the tag numbers in ``tags``."""
    cdef Py_ssize_t i
    for i in range(TAG_LIMIT):
        table[i] = 0
    for tag in tags:
        if not 0 <= tag < TAG_LIMIT:
            raise ValueError(f"tag number {tag} is not one of Lexbor's fixed ones")
        table[tag] = 1
    return 0


def configure(skip, blocks, cells, unread, Py_ssize_t br, Py_ssize_t pre, Py_ssize_t a, preformatted,
              division_blocks=(), Py_ssize_t div=0):
    """Set the tag numbers the walks know (:mod:`app.extract.html_text` calls it once): the tags whose
    content is never text, the tags that start and end a paragraph, table cells, the tags whose own text is
    never read nor measured (scripts, styles), ``<br>``, ``<pre>`` and ``<a>``; and ``preformatted``, which
    makes the paragraph of a ``<pre>`` from its text. ``division_blocks`` and ``div`` are for
    :meth:`Measures.divisions`."""
    global TAG_BR, TAG_PRE, TAG_A, PREFORMATTED, TAG_DIV
    fill_tags(SKIP_TAGS, skip)
    fill_tags(BLOCK_TAGS, blocks)
    fill_tags(CELL_TAGS, cells)
    fill_tags(UNREAD_TAGS, unread)
    fill_tags(DIVISION_BLOCKS, division_blocks)
    TAG_DIV = div
    TAG_BR, TAG_PRE, TAG_A = br, pre, a
    PREFORMATTED = preformatted


cdef int compare_addresses(const void *a, const void *b) noexcept nogil:
    cdef uintptr_t x = (<uintptr_t *> a)[0], y = (<uintptr_t *> b)[0]
    return (x > y) - (x < y)


cdef inline bint address_in(uintptr_t *sorted_addresses, Py_ssize_t count, uintptr_t address) noexcept nogil:
    cdef Py_ssize_t low = 0, high = count, middle
    while low < high:
        middle = (low + high) // 2
        if sorted_addresses[middle] < address:
            low = middle + 1
        else:
            high = middle
    return low < count and sorted_addresses[low] == address


cdef object collapse(const unsigned char *s, Py_ssize_t n, Buffer *out, Py_ssize_t *chars):
    """``" ".join(text.split())`` of well-formed UTF-8 ``s``, into ``out`` (emptied first); its length in
    code points goes to ``chars``."""
    cdef Py_ssize_t i = 0, start, word_chars
    cdef Py_UCS4 ch
    out.length = 0
    chars[0] = 0
    while i < n:
        # spaces
        while i < n:
            ch = s[i]
            if ch < 0x80:
                if not is_space(ch):
                    break
                i += 1
            else:
                start = i
                ch = next_code_point(s, &i)
                if not is_space(ch):
                    i = start
                    break
        if i >= n:
            break
        # a word
        start = i
        word_chars = 0
        while i < n:
            ch = s[i]
            if ch < 0x80:
                if is_space(ch):
                    break
                i += 1
            else:
                ch = next_code_point(s, &i)
                if is_space(ch):
                    i -= 2 if ch < 0x800 else 3  # (spaces are below U+10000)
                    break
            word_chars += 1
        if out.length:
            buffer_byte(out, b' ')
            chars[0] += 1
        buffer_add(out, <const char *> s + start, i - start)
        chars[0] += word_chars
    return None


cdef class _Walk:
    """The state of one walk: the paragraphs found, and the one being gathered."""

    cdef list blocks
    cdef Buffer parts      # the paragraph's text so far: UTF-8, a NUL for each <br>
    cdef Buffer scratch
    cdef Buffer line
    cdef Py_ssize_t links  # code points of link text in ``parts``
    cdef bint pending      # whether text that is not only spaces came since the last paragraph ended

    def __cinit__(self):
        self.blocks = []
        self.parts.data = self.scratch.data = self.line.data = NULL
        self.parts.length = self.parts.size = self.scratch.length = self.scratch.size = 0
        self.line.length = self.line.size = 0
        self.links = 0
        self.pending = False

    def __dealloc__(self):
        free(self.parts.data)
        free(self.scratch.data)
        free(self.line.data)

    cdef int flush(self) except -1:
        """End the paragraph being gathered (what ``node_blocks`` does at the edge of a block)."""
        if self.parts.length:
            if self.pending:
                self.add_paragraphs()
                self.pending = False
            self.parts.length = 0
            self.links = 0
        return 0

    cdef int add_paragraphs(self) except -1:
        """``_add_paragraphs(blocks, "".join(parts), links)``."""
        cdef const unsigned char *s = <const unsigned char *> self.parts.data
        cdef Py_ssize_t n = self.parts.length, i, start, chars, line_chars
        cdef Py_ssize_t total = 0, paragraph_chars = 0
        cdef list found, lengths
        cdef bint has_break = False
        for i in range(n):
            if s[i] == 0:
                has_break = True
                break
        if not has_break:
            collapse(s, n, &self.scratch, &chars)
            if chars:
                self.blocks.append((PyUnicode_DecodeUTF8(self.scratch.data, self.scratch.length, NULL),
                                    min(self.links, chars)))
            return 0
        # A <br> ends a line; two in a row (with nothing but spaces between) end a paragraph.
        found = []
        lengths = []
        self.scratch.length = 0  # the paragraph being made of lines
        start = 0
        for i in range(n + 1):
            if i < n and s[i] != 0:
                continue
            collapse(s + start, i - start, &self.line, &line_chars)
            start = i + 1
            if line_chars:
                if self.scratch.length:
                    buffer_byte(&self.scratch, b'\n')
                    paragraph_chars += 1
                buffer_add(&self.scratch, self.line.data, self.line.length)
                paragraph_chars += line_chars
            elif self.scratch.length:
                found.append(PyUnicode_DecodeUTF8(self.scratch.data, self.scratch.length, NULL))
                lengths.append(paragraph_chars)
                total += paragraph_chars
                self.scratch.length = 0
                paragraph_chars = 0
        if self.scratch.length:
            found.append(PyUnicode_DecodeUTF8(self.scratch.data, self.scratch.length, NULL))
            lengths.append(paragraph_chars)
            total += paragraph_chars
        if len(found) > 1:
            for paragraph, chars in zip(found, lengths):
                self.blocks.append((paragraph, min(chars, self.links * chars // total)))
        elif found:
            self.blocks.append((found[0], min(self.links, lengths[0])))
        return 0

    cdef int add_preformatted(self, lxw_node_t *node) except -1:
        cdef Py_ssize_t length
        cdef const unsigned char *data
        cdef lxw_node_t *current = node.first_child
        self.scratch.length = 0
        while current != NULL:
            if current.local_name == TAG_TEXT and is_read(current):
                data = text_of(current, &length)
                if data != NULL and length:
                    buffer_add(&self.scratch, <const char *> data, length)
            current = next_in(current, node)
        block = PREFORMATTED(PyUnicode_DecodeUTF8(self.scratch.data, self.scratch.length, NULL))
        if block:
            self.blocks.append((block, 0))
        return 0


cdef inline bint _asked(lxw_node_t *node, uintptr_t tag, const unsigned char *asked, const unsigned char *bare,
                        uintptr_t *addresses, Py_ssize_t count) noexcept nogil:
    """Whether the walk asks the skip about ``node`` (see ``Skip``: its ``tags``, ``bare`` and ``nodes``)."""
    if count and address_in(addresses, count, <uintptr_t> node):
        return True
    if not in_set(asked, tag):
        return False
    return not (in_set(bare, tag) and (<lxw_element_t *> node).first_attr == NULL)


def blocks(object root_node, bint include_self, skip):
    """``node_blocks(root, include_self=..., skip=skip)`` as ``(text, link characters)`` pairs, or
    ``None`` when some text is not well-formed UTF-8. ``skip`` is ``None`` or a
    :class:`~app.extract.html_text.Skip`, asked about the same elements as the Python walk asks it."""
    cdef lxw_node_t *root = node_at(root_node)
    cdef lxw_node_t *node
    cdef uintptr_t tag
    cdef unsigned char asked[TAG_LIMIT]
    cdef unsigned char bare[TAG_LIMIT]
    cdef bint asking = skip is not None
    skipped = skip.nodes if asking else ()
    cdef Py_ssize_t length, chars, count = len(skipped), i = 0
    cdef const unsigned char *data
    cdef int in_link = 0
    cdef uintptr_t *addresses = NULL
    cdef Counts counts
    cdef Py_ssize_t first, last
    cdef _Walk walk = _Walk()
    if asking:
        fill_tags(asked, skip.tags)
        fill_tags(bare, skip.bare)
    if count:
        addresses = <uintptr_t *> malloc(count * sizeof(uintptr_t))
        if addresses == NULL:
            raise MemoryError()
        for address in skipped:
            addresses[i] = <uintptr_t> address
            i += 1
        qsort(addresses, count, sizeof(uintptr_t), compare_addresses)
    try:
        node = root if include_self else root.first_child
        while node != NULL:
            tag = node.local_name
            if tag == TAG_TEXT:
                if node.type == TYPE_TEXT:
                    data = text_of(node, &length)
                    if data != NULL and length:
                        chars = utf8_valid_length(data, length)
                        if chars < 0:
                            return None
                        buffer_add(&walk.parts, <const char *> data, length)
                        if not walk.pending or in_link:
                            counts.chars = counts.commas = 0
                            counts.spaces_only = True
                            first = last = -1
                            count_text(data, length, &counts, &first, &last)
                            if not counts.spaces_only:
                                walk.pending = True
                            if in_link and first >= 0:
                                walk.links += last - first + 1
            elif in_set(SKIP_TAGS, tag):
                pass
            elif tag == TAG_BR:
                buffer_byte(&walk.parts, 0)
            elif asking and _asked(node, tag, asked, bare, addresses, count) and skip(new_node(node, root_node), tag):
                pass
            elif tag == TAG_PRE:
                if walk.parts.length:
                    if walk.pending:
                        walk.add_paragraphs()
                    walk.parts.length = 0
                    walk.links = 0
                if subtree_length(node) < 0:
                    return None
                walk.add_preformatted(node)
                walk.pending = False
            else:
                if in_set(BLOCK_TAGS, tag):
                    walk.flush()
                elif in_set(CELL_TAGS, tag):
                    buffer_byte(&walk.parts, b' ')
                if node.first_child != NULL:
                    if tag == TAG_A:
                        in_link += 1
                    node = node.first_child
                    continue
            # Leave this node and every ancestor whose children are done, then move on.
            while True:
                if node == root:
                    node = NULL
                    break
                if node.next != NULL:
                    node = node.next
                    break
                node = node.parent
                tag = node.local_name
                if in_set(BLOCK_TAGS, tag):
                    walk.flush()
                elif tag == TAG_A and in_link:
                    in_link -= 1
        if walk.parts.length and walk.pending:
            walk.add_paragraphs()
        return walk.blocks
    finally:
        free(addresses)


# --- the layout check ------------------------------------------------------------------------


cdef str _layout_problem():
    """What differs between the layout above and the nodes selectolax builds, or ``""``."""
    global HREF, TAG_A, HTML_NAMESPACE
    cdef size_t name_length
    cdef const unsigned char *name_data
    cdef lxw_node_t *raw
    cdef lxw_attr_t *attr
    cdef const unsigned char *data
    cdef Py_ssize_t length
    if _lexbor.LEXBOR_VERSION_MAJOR != 3:
        return f"written for Lexbor 3, selectolax has Lexbor {_lexbor.LEXBOR_VERSION_MAJOR}"
    tree = _lexbor.LexborHTMLParser(
        '<html><body><div id="d" class="c"><a href="#h" title="t">link \u00e9</a> tail<p>x</p></div></body></html>'
    )
    if (<lxw_pynode_t *> tree.body).node != <lxw_node_t *> <uintptr_t> tree.body.mem_id:
        return "LexborNode objects"
    if (<lxw_pynode_t *> tree.body).parser != <PyObject *> tree.body.parser:
        return "LexborNode objects"
    nodes = [tree.root, tree.body]
    i = 0
    while i < len(nodes) and len(nodes) < 20:
        child = nodes[i].child
        while child is not None:
            nodes.append(child)
            child = child.next
        i += 1
    for node in nodes:
        raw = node_at(node)
        if raw.local_name != node.tag_id:
            return "tag numbers"
        for mine, theirs in (
            (<uintptr_t> raw.parent, node.parent),
            (<uintptr_t> raw.next, node.next),
            (<uintptr_t> raw.first_child, node.child),
        ):
            if mine != (theirs.mem_id if theirs is not None else 0):
                return "links between nodes"
        if raw.type != (TYPE_TEXT if node.is_text_node else TYPE_ELEMENT if node.is_element_node else raw.type):
            return "node types"
        if node.is_text_node:
            expected = node.text_content.encode()
            data = text_of(raw, &length)
            if length != len(expected) or memcmp(data, <const char *> expected, length) != 0:
                return "text"
    a = tree.css_first("a")
    attr = (<lxw_element_t *> node_at(a)).first_attr
    values = []
    while attr != NULL and len(values) < 3:
        values.append(attr.value.data[: attr.value.length] if attr.value != NULL else None)
        if len(values) == 1:
            HREF = attr.node.local_name
            if attr.node.prefix != 0:
                return "attribute names"
        attr = attr.next
    if values != [b"#h", b"t"]:
        return "attributes"
    TAG_A = a.tag_id
    HTML_NAMESPACE = node_at(a).ns
    svg = _lexbor.LexborHTMLParser("<svg><title>x</title></svg>").css_first("svg")
    if node_at(svg).ns == HTML_NAMESPACE or node_at(tree.body).ns != HTML_NAMESPACE:
        return "namespaces"
    # Lexbor's fixed numbers for the attribute names looked for here (the same in every document).
    probe = _lexbor.LexborHTMLParser('<p rel="1" type="2" content="3" class="4" id="5" style="6">')
    names = list(probe.css_first("p").attributes)
    attr = (<lxw_element_t *> node_at(probe.css_first("p"))).first_attr
    for name in names:
        if attr == NULL or attr.node.prefix != 0:
            return "attributes"
        ATTRIBUTE_NAMES[name] = attr.node.local_name
        attr = attr.next
    ATTRIBUTE_NAMES["href"] = HREF
    if len(set(ATTRIBUTE_NAMES.values())) != 7 or max(ATTRIBUTE_NAMES.values()) > 0xFF:
        return "attribute names"
    # The names Lexbor does not number itself, read from its table of names.
    probe = _lexbor.LexborHTMLParser('<p itemprop="a" aria-hidden="b" data-a-name-longer-than-sixteen="c" hidden>')
    names = list(probe.css_first("p").attributes)
    attr = (<lxw_element_t *> node_at(probe.css_first("p"))).first_attr
    for name in names:
        if attr == NULL or attr.node.local_name < FIXED_NAMES_BELOW:
            return "attribute names"
        name_data = lxw_attribute_name(attr.node.local_name, &name_length)
        if name_data[:name_length] != name.encode():
            return "attribute names"
        attr = attr.next
    made = new_node(node_at(a), tree.body)
    if made.mem_id != a.mem_id or made.tag_id != a.tag_id or made.parent.mem_id != a.parent.mem_id:
        return "LexborNode objects"
    if made.parser is not tree.body.parser or made.text() != a.text() or made.attributes != a.attributes:
        return "LexborNode objects"
    return ""


_problem = _layout_problem()
if _problem:
    raise ImportError(f"the compiled tree walks do not match this selectolax ({_problem}): using the Python ones")
