"""What is not the article: element names, CSS selectors and line patterns, kept as data.

Extraction quality is tuned by editing the lists below; the code that applies them lives in the
format modules. Patterns are matched case-insensitively against a whole line (plain text) or a
whole paragraph (HTML, WordPress), after surrounding spaces are trimmed, except :data:`BYLINE` and
:data:`CREDIT`, where capitals tell a name from a sentence. The groups of line patterns
(:class:`LinePatterns`) and the class-name patterns are written in lower case
(:class:`LowerCasePattern`). Class and id words are matched as whole parts of the names
(:class:`ClassWords`), never as substrings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.extract.patterns import LazyPattern


def _refuse_capitals(pattern: str) -> None:
    """A pattern matched with case ignored (against lower-cased text) is written in lower case."""
    if any(map(str.isupper, re.sub(r"\\.", "", pattern))):  # (escapes such as \\W are not capitals)
        raise ValueError(f"a pattern matched with case ignored is written in lower case: {pattern!r}")


class LowerCasePattern:
    """A regular expression written in lower case, matched with case ignored.

    The text is lower-cased and matched by the pattern compiled without ``re.IGNORECASE``, which is
    several times faster: the engine can then skip straight to the letter that follows a ``.{0,n}``,
    or to the first letter of a word. A capital in the pattern is refused.

    >>> LowerCasePattern(r"share|social").search("Post-Share-Bar")
    True
    """

    __slots__ = ("pattern",)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        _refuse_capitals(pattern)
        self.pattern = re.compile(pattern, flags)

    def match(self, text: str) -> bool:
        """Whether the pattern matches at the start of ``text``, case ignored."""
        return self.pattern.match(text.lower()) is not None

    def match_lowered(self, lowered: str) -> bool:
        """:meth:`match` for text already lower-cased (when several patterns try the same text)."""
        return self.pattern.match(lowered) is not None

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text``, case ignored."""
        return self.pattern.search(text.lower()) is not None


class LinePatterns:
    """A group of patterns, each matched against a whole line (or paragraph), case ignored. An empty group
    is a programming error. The line must be trimmed, as every caller's is.

    Most patterns spell out a few lines: words with optional parts and alternatives (``tweet(?: this)?``,
    ``(?:hide |show )?caption``). Those become a set of lines, looked up; the others make one
    ``^(?:a|b|...)$`` pattern (see :class:`LowerCasePattern`), compiled the first time a line is not in the
    set (compiling the whole group took most of the start-up of ``python -m app extract``). (Sorting the
    other patterns by the first character of the lines they match was tried: the engine goes through the
    alternatives of one pattern faster than Python picks among several.)

    >>> LinePatterns(["share", r"follow us(?: on .{0,40})?"]).match("Follow us on Facebook")
    True
    >>> sorted(LinePatterns([r"(?:hide |show )?caption"]).lines)
    ['caption', 'hide caption', 'show caption']
    """

    __slots__ = ("_rest", "lines")

    def __init__(self, patterns: Iterable[str]) -> None:
        group = tuple(patterns)
        if not group:
            raise ValueError("a boilerplate pattern group must not be empty")
        lines: set[str] = set()
        rest: list[str] = []
        for pattern in group:
            _refuse_capitals(pattern)
            spelled = spelled_out(pattern)
            if spelled is None:
                rest.append(pattern)
            else:
                lines.update(spelled)
        self.lines = frozenset(lines)
        source = r"^(?:" + "|".join(f"(?:{p})" for p in rest) + r")$"
        self._rest: LazyPattern[str] | None = LazyPattern(source, re.DOTALL) if rest else None

    def match(self, text: str) -> bool:
        """Whether the whole (trimmed) ``text`` matches one of the patterns, case ignored."""
        return self.match_lowered(text.lower())

    def match_lowered(self, lowered: str) -> bool:
        """:meth:`match` for text already lower-cased (when several patterns try the same text)."""
        if lowered in self.lines:
            return True
        return self._rest is not None and self._rest.match(lowered) is not None


#: At most this many lines are spelled out of one pattern (see :func:`spelled_out`).
MAX_SPELLED = 64
#: What only a pattern that spells no lines holds: a wildcard, a class, a repetition, an anchor.
_NOT_SPELLED = re.compile(r"(?<!\\)[.\[\]{}*+^$]|\\[A-Za-z0-9]")


def spelled_out(pattern: str) -> list[str] | None:
    """Every line ``pattern`` matches in whole, when it is words with optional parts and alternatives
    only (``(?:a|b)``, ``x?``, ``(?:...)?``, escaped punctuation) and they are few; else ``None``.

    >>> spelled_out(r"rss(?: feed)?"), spelled_out(r"shares?:?"), spelled_out(r"share .{0,40}")
    (['rss', 'rss feed'], ['share', 'share:', 'shares', 'shares:'], None)
    """
    if _NOT_SPELLED.search(pattern):
        return None
    found, end = _spell(pattern, 0)
    if found is None or end != len(pattern):
        return None
    return sorted(set(found))


def _spell(pattern: str, at: int) -> tuple[list[str] | None, int]:
    """The lines of the alternatives that start at ``at`` (up to an unmatched ``)``), and where they end."""
    alternatives: list[str] = []
    current = [""]
    run = ""  # literal characters not yet added to ``current``
    while at < len(pattern):
        char = pattern[at]
        if char in ")|":
            break
        if char == "\\":
            atom, at = [pattern[at + 1]], at + 2
        elif char == "(":
            if not pattern.startswith("(?:", at):
                return None, at
            inner, at = _spell(pattern, at + 3)
            if inner is None or at >= len(pattern) or pattern[at] != ")":
                return None, at
            atom, at = inner, at + 1
        else:
            atom, at = [char], at + 1
        if at < len(pattern) and pattern[at] == "?":
            atom = ["", *atom]
            at += 1
        elif len(atom) == 1:
            run += atom[0]
            continue
        current = [before + run + after for before in current for after in atom]
        run = ""
        if len(current) > MAX_SPELLED:
            return None, at
    current = [before + run for before in current]
    if at < len(pattern) and pattern[at] == "|":
        rest, at = _spell(pattern, at + 1)
        if rest is None:
            return None, at
        current.extend(rest)
    alternatives.extend(current)
    if len(alternatives) > MAX_SPELLED:
        return None, at
    return alternatives, at


# ---------------------------------------------------------------------------------------------
# 1. HTML structure
# ---------------------------------------------------------------------------------------------

#: Elements whose content is never article text.
NON_TEXT_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "map",
        "head",
        "title",
        "meta",
        "link",
        "button",
        "select",
        "option",
        "textarea",
        "input",
        "form",
        "dialog",
    }
)

#: Elements whose text (program code) is never read: not even counted when text is measured, so that it
#: can be cut out of a page before the page is parsed (:func:`app.extract._speedups.strip_unread`).
UNREAD_TAGS = frozenset({"script", "style"})

#: The attributes the web-page extractors read (their values, or whether they are there). The compiled code cuts
#: every other attribute out of a page before it is parsed (``data-*``, ``src``, ``srcset``, ``alt`` ...: a fifth
#: of a page's markup once scripts are out), so code that reads a new one must name it here; the tests that
#: compare the compiled and the Python extraction on the golden files would show it otherwise. A few that
#: change how a page is parsed are kept although they are not read (``shadowrootmode``).
READ_ATTRIBUTES = frozenset(
    {
        "class",
        "id",
        "style",
        "role",
        "hidden",
        "aria-hidden",
        "href",
        "rel",
        "type",
        "content",
        "name",
        "property",
        "itemprop",
        "http-equiv",
        "charset",
        "datetime",
        "pubdate",
        "lang",
        "xml:lang",
        "shadowrootmode",
        "shadowroot",
        "encoding",
    }
)

#: Elements that start and end a paragraph of text.
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "hr",
        "address",
        "details",
        "summary",
        "center",
        "body",
        "html",
        "fieldset",
        "legend",
        "hgroup",
    }
)

#: Table cells: kept on their row's line, separated by a space.
CELL_TAGS = frozenset({"td", "th"})

# ---------------------------------------------------------------------------------------------
# 2. Plain-text debris: whole lines that are website furniture, not article text
# ---------------------------------------------------------------------------------------------

_SOCIAL = r"facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|print|messenger|copy link"

DEBRIS_LINE = LinePatterns(
    [
        # share bars and social buttons
        r"share",
        r"shares?:?",
        r"share (?:this|the|on|via|to)\b.{0,40}",
        r"tweet(?: this)?",
        r"pin it",
        rf"(?:(?:{_SOCIAL})[\s|,/·•]*){{1,10}}",
        r"follow us(?: on .{0,40})?",
        r"like us on facebook",
        # feeds and newsletters
        r"rss(?: feed)?",
        r"subscribe(?: now| here| to .{0,60})?!?",
        r"sign up(?: for| to) .{0,60}newsletter.{0,40}",
        r"(?:get|receive) (?:our|the) .{0,40}newsletter.{0,40}",
        r"newsletter",
        # advertising, in the languages of the pages we have seen
        r"advertisement",
        r"advertising",
        r"advert",
        r"publicidade|publicidad|publicité|pubblicità|anzeige|werbung|реклама|iklan|광고",
        r"sponsored(?: content)?",
        r"ad",
        r"story continues (?:below|after).{0,30}",
        r"continue reading(?: below| the main story)?",
        r"scroll (?:down )?to continue(?: with content)?",
        # navigation
        r"skip to (?:main )?content",
        r"menu",
        # media and gallery controls
        r"(?:hide |show |toggle )?caption",
        r"close",
        r"(?:expand|enlarge)(?: this)?(?: image| photo)?",
        r"(?:view|open) (?:gallery|slideshow|image|photo)s?",
        r"(?:previous|next)(?: slide| image| photo)?",
        r"(?:play|watch)(?: video)?",
        r"\d+ (?:photos|images|slides)",
        r"back to top",
        r"(?:next|previous|prev|older|newer) (?:article|story|post|entry)(?:\s*[:»«›‹>-]\s*.{0,120})?",
        # "Posted on March 3, 2024 by admin": a line that ends like a sentence is prose, not a dateline
        r"posted (?:on|in|by)\b(?!.*[.!?]$).{0,100}",
        r"(?:published|updated) (?:on|by)\b(?!.*[.!?]$)[^\d]{0,60}\d.{0,40}",
        r"filed under\b(?!.*[.!?]$).{0,100}",
        r"(?:tags?|topics|categories|filed under|posted in)\s*:\s*.{0,120}",
        r"like this:?",
        r"like loading\.{0,3}",
        r"related(?: articles| stories| posts| news| content)?:?",
        r"read (?:more|next|also):?",
        r"you may also like:?",
        r"most (?:read|popular|viewed)",
        r"trending(?: now)?",
        r"top (?:videos?|stories|news)",
        r"(?:don(?:'|’)t miss|recommended(?: for you)?|editor(?:'|’)s picks?|latest(?: news| stories)?)",
        r"(?:more (?:from|on|in) .{1,40})",
        r"join the (?:conversation|discussion)\W{0,3}",
        r"(?:more|latest|popular|trending)(?: great)?(?: .{1,30})? (?:stories|news|galleries|posts|articles|videos)",
        r"popular on .{1,30}",
        r"you may (?:also )?like.{0,30}",
        r"sharing is caring!?",
        r"você (?:também )?pode gostar.{0,10}|potrebbe interessarti.{0,10}|das könnte sie auch interessieren.{0,10}",
        r"スポンサードリンク|関連記事|広告|관련기사|많이 본 .{1,10}",
        r"(?:like|enjoy|enjoyed|love) this (?:story|article|post)\?.{0,60}",
        r"follow .{1,30} on\W{0,3}",
        r"tell us what you think.{0,10}",
        r"this (?:slideshow|gallery|video|content|page) requires javascript\.?",
        r"(?:related )?(?:tags?|topics|categories|categorias|categorie|kategorien|étiquettes)\s*:?",
        r"(?:tempo de leitura|reading time|lesezeit|tiempo de lectura|temps de lecture)\s*:?.{0,20}",
        # comment forms
        r"leave a (?:reply|comment)(?: cancel reply)?",
        r"cancel reply",
        r"post(?: a)? comments?(?: \(\+\))?",
        r"comments?",
        r"\d+ (?:comments?|responses?|replies)",
        r"(?:comments?|responses?|replies)\s*[(\[:]?\s*\d+\s*[)\]]?",
        r"(?:name|email|website|comment) ?\*?",
        r"your email address will not be published\.?(?: required fields are marked \*)?",
        r"required fields are marked \*",
        r"save my name, email, and website in this browser.{0,60}",
        r"notify me of (?:follow-up comments|new posts).{0,40}",
        r"you must be logged in to post a comment\.?",
        # footers
        r"(?:©|\(c\)).{0,120}",
        r"copyright\s*(?:©|\(c\)|@)?\s*(?:\d{4}|by\b).{0,120}",
        r"(?:copyright\s*)?ⓒ.{0,120}",
        r".{0,120}all rights reserved\.?",
        r"(?:click|tap) here to .{0,80}",
    ]
)

#: A line (or paragraph) where the comment section or the page footer starts: it and everything
#: after it are dropped.
TAIL_START = LinePatterns(
    [
        r"leave a (?:reply|comment).{0,40}",
        r"post a comment",
        r"add a comment",
        r"(?:join|start) the (?:discussion|conversation)",
        r"your email address will not be published.{0,80}",
        r"\d+ (?:comments?|responses?|replies|thoughts)(?: (?:to|on) .{0,200})?",
        r"you must be logged in to post a comment.{0,20}",
        r"comments are closed\.?",
    ]
)

#: Debris glued to the end of a sentence, as in ``...built in.”RSS`` or
#: ``...last sentence.Leave a Reply Your email address ...``: the glued part is cut off.
GLUED_TAIL = LazyPattern(
    r"(?<=[.!?\"”’'»)\]])\s*(?:"
    r"RSS|SHARE|Share|Tweet|Advertisement"
    r"|Leave a (?:Reply|reply|Comment|comment)\b.*"
    r"|Your email address will not be published\b.*"
    r")$"
)

#: A breadcrumb trail on the first lines: "Home > News > World", "Home TRENDING Title".
BREADCRUMB = LazyPattern(
    r"^(?:home|start|startseite|inicio|accueil)\s*(?:[>»/|›·:\-–]\s*\S|\s+[A-Z]{2,}\b)", re.IGNORECASE
)
BREADCRUMB_SEPARATED = LazyPattern(r"^.{1,40}(?:\s[>»/|›]\s.{1,60}){2,}$")
BREADCRUMB_SEPARATORS = (">", "»", "›", " / ", " | ")

#: Characters that end a sentence; a line ending otherwise may have been wrapped.
SENTENCE_END = frozenset(".!?:;\"”’'»)]…")

# ---------------------------------------------------------------------------------------------
# 3. Inside WordPress ``content.rendered``: plugin furniture appended to the post
# ---------------------------------------------------------------------------------------------

WORDPRESS_JUNK_SELECTORS = (
    ".sharedaddy",
    ".jp-relatedposts",
    ".sd-sharing-enabled",
    ".addtoany_share_save_container",
    ".yarpp-related",
    ".wp-block-buttons",
    ".wpcnt",
    ".code-block",
    ".heateor_sss_sharing_container",
    ".ssba",
    ".social-share",
    "script",
    "style",
    "noscript",
    "iframe",
    "form",
)

# ---------------------------------------------------------------------------------------------
# 4. Web pages: what the article finder (:mod:`app.extract.html_content`) knows about markup
# ---------------------------------------------------------------------------------------------

#: Elements the reader never sees, found in one pass (the ``style`` ones are checked again with
#: :data:`HIDDEN_STYLE`).
HIDDEN_SELECTOR = '[hidden], [aria-hidden="true"], [style*="none"], [style*="hidden"]'

#: An inline ``style`` that hides an element: the reader never sees it.
HIDDEN_STYLE = LowerCasePattern(r"display\s*:\s*none|visibility\s*:\s*hidden")

#: Page furniture by element name. Like everything judged furniture, such an element is kept when it
#: holds most of the page's text (some sites wrap the whole page in a <form> or a <header>).
FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "menu", "fieldset"})

#: Elements judged as furniture inside the chosen article (paragraphs and list items are judged by
#: their text instead).
JUDGED_IN_ARTICLE = frozenset(
    "div section aside nav footer header form menu fieldset ul ol dl table figure details center".split()
)

#: Inline elements: never furniture by themselves (their block is judged instead), so their class and
#: id are not even read.
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data dfn em i img kbd mark picture q s samp small source span strong sub sup "
    "time u var wbr br".split()
)

#: ARIA roles of page furniture.
UNLIKELY_ROLES = frozenset(
    {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", "banner", "contentinfo"}
)


class ClassWords:
    """Words looked for in ``class`` and ``id`` values as whole parts, case-insensitively.

    Parts are separated by spaces, ``-`` and ``_``: ``share`` is found in ``post-share-bar`` and
    ``share_buttons`` but not in ``shareholders``. A word ending in ``*`` is a prefix (``advert*``
    finds ``advertisement``); a word with a ``-`` is a run of parts (``most-read`` finds
    ``block-most-read``). Answers are cached: the same class values come back on every page.

    >>> ClassWords(["share*", "most-read"]).search("post-sharebar big")
    True
    >>> ClassWords(["share*", "most-read"]).search("shareholders-x"), ClassWords(["share"]).search("shareholders")
    (True, False)
    """

    __slots__ = ("_cache", "_compound_heads", "_compounds", "_prefix_heads", "_prefix_length", "_prefixes", "_singles")

    def __init__(self, words: Iterable[str]) -> None:
        group = tuple(w.lower() for w in words)
        if not group:
            raise ValueError("a class-word group must not be empty")
        self._singles = frozenset(w for w in group if "-" not in w and not w.endswith("*"))
        self._prefixes = tuple(w[:-1] for w in group if w.endswith("*"))
        # A part is tried against the prefixes only when it starts like one of them (a set look-up).
        self._prefix_length = min((len(p) for p in self._prefixes), default=0)
        self._prefix_heads = frozenset(p[: self._prefix_length] for p in self._prefixes)
        # Runs of parts, by their first part: "most-read" is {"most": [("read",)]}.
        compounds: dict[str, list[tuple[str, ...]]] = {}
        for w in group:
            if "-" in w:
                first, *rest = w.split("-")
                compounds.setdefault(first, []).append(tuple(rest))
        self._compounds = compounds
        self._compound_heads = frozenset(compounds)
        self._cache: dict[str, bool] = {}

    def search(self, names: str) -> bool:
        found = self._cache.get(names)
        if found is None:
            found = self._search(names)
            if len(self._cache) < 20_000:
                self._cache[names] = found
        return found

    def _search(self, names: str) -> bool:
        return self.search_parts(split_names(names))

    def search_parts(self, parts: list[str]) -> bool:
        """Like :meth:`search`, for names already cut by :func:`split_names` (uncached)."""
        if not self._singles.isdisjoint(parts):
            return True
        if self._prefixes:
            length, heads = self._prefix_length, self._prefix_heads
            for part in parts:
                if part[:length] in heads and part.startswith(self._prefixes):
                    return True
        if len(parts) > 1 and not self._compound_heads.isdisjoint(parts):
            for i, part in enumerate(parts):
                for rest in self._compounds.get(part, ()):
                    if tuple(parts[i + 1 : i + 1 + len(rest)]) == rest:
                        return True
        return False


def split_names(names: str) -> list[str]:
    """The parts of class and id values, lower-cased: ``"post-Share_bar big"`` -> post, share, bar, big."""
    return names.lower().replace("_", " ").replace("-", " ").split()


#: Class or id words of elements that are not the article: removed (with what they hold) before the
#: article is looked for, unless :data:`MAYBE_ARTICLE` also matches or they hold most of the text.
UNLIKELY = ClassWords(
    """
    ad ads adv advert* ad-slot adslot ad-unit adunit ad-container ad-wrapper dfp gpt banner* skyscraper
    breadcrumb* crumbs masthead nav navbar navigation menu* pagination pager toolbar topbar
    comment* commentlist disqus replies respond discussion community
    footer copyright legal colophon header
    sidebar side-bar rail right-rail left-rail aside widget* complementary
    related* recommend* more-stories more-from read-more readmore read-next up-next next-up
    most-read mostread most-popular popular trending top-stories outbrain taboola zergnet revcontent
    share* sharing social* sociable follow-us addthis addtoany a2a sharedaddy shareaholic
    newsletter* subscribe* subscription signup sign-up optin opt-in promo* cta paywall
    cookie* consent gdpr cmp privacy-banner notice
    sponsor* partner-content native-ad affiliate-disclosure
    popup modal overlay lightbox agegate shoutbox combx remark rss print-only screen-reader-text sr-only
    tags tag-list tagcloud keywords topics author-bio author-box about-author byline
    skip-link skip jump-link hidden visually-hidden offscreen
    """.split()
)

#: Class or id words of sections that are never the article, however much text they hold (a comment
#: section can be longer than the article it follows).
NEVER_ARTICLE = ClassWords("comment* commentlist disqus respond replies".split())

#: Class or id words that make an element worth keeping even when :data:`UNLIKELY` matches it
#: (``article-body social-enabled`` is the article). Found as substrings, case ignored.
MAYBE_ARTICLE = (
    "article",
    "body",
    "content",
    "main",
    "column",
    "entry",
    "post-text",
    "story",
    "text",
    "mathjax",
    "shadow",
)

#: Class or id words that raise or lower an element's chances of being the article (Readability's weights).
POSITIVE_CLASS = LowerCasePattern(
    r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|rich-?text"
)
NEGATIVE_CLASS = LowerCasePattern(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|"
    r"outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|byline|"
    r"author|caption|newsletter|subscribe|social|nav|menu|breadcrumb|popular|recommend|taboola"
)

#: Class or id words of elements inside the article that are not part of it (share bars, inline promos);
#: removed from the chosen article when they hold little of its text.
INLINE_JUNK = ClassWords(
    """
    share* sharing social* sharedaddy addtoany a2a shareaholic print email
    related* recommend* read-more readmore read-next more-stories also-read see-also inline-link inline-links
    ad ads adv advert* ad-slot adslot ad-unit adunit ad-container dfp gpt sponsor* promo* cta
    newsletter* subscribe* subscription signup sign-up optin paywall
    byline* author* dateline timestamp published updated date meta article-meta post-meta entry-meta
    tags tag-list tagcloud keywords topics categories cat-links tags-links
    comment* disqus respond footer toolbar breadcrumb* nav navigation menu*
    screen-reader-text sr-only visually-hidden hidden skip-link
    ai2html*
    """.split()
)

#: Embedded posts (tweets, Instagram, TikTok, Facebook, Bluesky, Mastodon, Threads, Reddit): each is a
#: ``<blockquote>`` with one of these classes, holding the post's text until a script replaces it. Inside
#: the article, an element that holds one is kept even when its class or id words say furniture
#: (``social-media-embed``).
EMBEDDED_POST_CLASSES = frozenset(
    {
        "twitter-tweet",
        "twitter-video",
        "instagram-media",
        "tiktok-embed",
        "fb-xfbml-parse-ignore",
        "bluesky-embed",
        "mastodon-embed",
        "text-post-media",
        "reddit-card",
        "reddit-embed-bq",
    }
)

#: Block elements scored as paragraphs when the article is looked for.
SCORED_PARAGRAPHS = "p, pre, td"
#: Divisions with no block inside are paragraphs too (pages that write text straight into <div>s): the
#: blocks, and the selector that finds such divisions.
DIVISION_BLOCKS = frozenset("blockquote dl div img ol p pre table ul section article".split())
SCORED_DIVISIONS = f"div:not(:has({', '.join(sorted(DIVISION_BLOCKS))}))"

#: Whole paragraphs of an article that are page furniture: bylines, datelines, photo credits, prompts.
HTML_DEBRIS_PARAGRAPH = LinePatterns(
    [
        r"(?:published|updated|posted|last updated|first published|modified)\b.{0,80}",
        # (a literal right after ".{0,n}" lets the engine skip ahead to it, hence two patterns for "|" and a newline)
        r".{0,60}\|\s*(?:published|updated|posted)\b.{0,60}",
        r".{0,60}\n\s*(?:published|updated|posted)\b.{0,60}",
        r"(?:photo|image|picture|illustration|video|graphic)(?: credit)?s?\s*:.{0,120}",
        r"\(?(?:photo|image|picture|illustration|video)s?\s+(?:credit|copyright|courtesy)s?\b.{0,100}",
        r"(?:photo|photograph|image|picture|illustration|photo illustration|video)s?"
        r" (?:by|courtesy of|courtesy)\b.{0,100}",
        r"courtesy(?: of)? .{1,60}",
        r"(?:[\w .]{1,30},\s*)?(?:the )?"
        r"(?:ap|afp|reuters|getty(?: images)?|associated press|shutterstock|istock|epa|dpa)",
        r".{1,40}, (?:ap|associated press|reuters|afp)\b.{0,40}(?:writer|correspondent|reporter|editor)",
        r"(?:additional )?reporting by .{1,80}",
        r".{1,60} contributed (?:reporting|to this (?:report|story|article)).{0,60}",
        r"filed (?:under|in)\s*:?.{0,60}",
        r"\S+@\S+\.\w+|(?:https?://)?(?:www\.)?(?:twitter|facebook|instagram|linkedin)\.com/\S*",
        r"media playback is (?:unsupported|not supported) on your device\.?",
        r"explore further",
        r"\d+\s*[-–]\s*\d+ of \d+",
        r"\d+ (?:of|/) \d+",
        r"text size",
        r"breaking(?: news)?",
        r"(?:e-?mail|contact) .{1,80}\bat \S+@\S+.{0,200}",
        # "f(?<!\wf)ollow" is "\bfollow", written so that the engine can skip ahead to each "f"
        r".{0,120}f(?<!\wf)ollow (?:us|him|her|me|them)\b.{0,60}\b(?:twitter|facebook|instagram|linkedin)\b.{0,200}",
        r"(?:source|credit)s?\s*:.{0,80}",
        r"(?:\(|\[)?(?:ap|afp|reuters|getty images?|shutterstock|istock)(?:\)|\])?(?: photo)?(?:/.{0,40})?",
        r"(?:read|see|watch|listen)(?: more| also| next)?:.{0,160}",
        r"(?:related|more)(?: stories| articles| coverage| news| on this)?:.{0,160}",
        r"(?:sign up|subscribe|register|log ?in|get the).{0,80}(?:newsletter|updates|alerts|access|free).{0,80}",
        r"(?:click|tap) (?:here|to).{0,100}",
        r"(?:this|the) (?:article|story|post) (?:was |has been |is )?(?:originally |first )?"
        r"(?:published|appeared|updated).{0,160}",
        r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?(?:\d{1,2} )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
        r"oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}.{0,40}",
        r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}.{0,30}",
        r"\d+ min(?:ute)?s? read",
        r"(?:image|photo|video) \d+ (?:of|/) \d+",
        r"we(?:'|’)re sorry.{0,200}|this (?:video|content) is (?:not available|unavailable).{0,120}",
        r"(?:loading|please wait)\.{0,3}",
    ]
)

#: A photo credit on a line of its own: "Jason Cipriani/ZDNet", "Getty Images/iStockphoto" (case matters).
CREDIT = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:\s?[/|]\s?[A-Z][\w&.'’ -]{1,40}){1,3}$")
#: A credit holds one of these (the pattern's ``[/|]``): looking for them first is cheaper than the pattern.
CREDIT_SEPARATORS = ("/", "|")

#: A short paragraph that is a date and little else: "2019-11-20 14:35:08", "20 Nov, 2019 05:47",
#: "sexta-feira, 22 de outubro de 2010 às 20:13", "Jose Altoveros 2019-11-20 14:35:08".
DATELINE = re.compile(
    r"^(?:.{0,30}\s)?(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\s+(?:de\s+)?[^\W\d_]+\.?,?\s+(?:de\s+)?\d{4}"
    r"|[^\W\d_]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
    r"(?:\s*(?:às|at|um|à|,)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?(?:[\s\]\)].{0,30})?$",
    re.IGNORECASE,
)
#: A dateline holds a digit (every branch of :data:`DATELINE` has one): looked for before the pattern is tried.
DIGIT = re.compile(r"\d")
#: Paragraphs at most this long, in characters and in words, are tried against :data:`DATELINE`.
MAX_DATELINE = 70
MAX_DATELINE_WORDS = 8

#: What a byline element holds after the name that is not the name: a date ("Joshua Sokol May 20, 2019"), or a
#: separator and something with a digit in it ("James Akinaka • 8h", "Jane Doe | 3 min read"). Cut off.
#: Written in lower case and matched on lower-cased text (see :class:`LowerCasePattern`).
BYLINE_TAIL_SOURCE = (
    r"\s*(?:[•·|]\s*\S*\d.*"
    r"|(?:[-–—,]\s*)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b.*)$"
)
BYLINE_TAIL = LazyPattern(BYLINE_TAIL_SOURCE, re.DOTALL)
#: The same with case ignored, for the rare text that lower case makes longer or shorter ("İ").
BYLINE_TAIL_ANY_CASE = LazyPattern(BYLINE_TAIL_SOURCE, re.IGNORECASE | re.DOTALL)

#: A byline paragraph: "By Jane Doe", "By JANE DOE and John Roe, Reuters" (case matters: "By contrast, ..." is text).
BYLINE = re.compile(
    r"^(?:[Bb]y|BY|[Vv]on|[Pp]or|[Pp]ar|[Dd]oor|[Dd]i)\s+(?:[A-Z\u00c0-\u00de][\w.'’-]*\s*){1,4}"
    r"(?:(?:,|and|&|\||/|·|-|–|—)\s*.{0,60})?$"
)
