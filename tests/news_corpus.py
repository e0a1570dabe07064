"""A small mixed-format news corpus written for the search tests, and what it holds.

Fourteen files in three formats (HTML pages with JSON-LD ``NewsArticle`` metadata, WordPress REST
API posts with ``_embedded`` authors and terms, plain text copied out of pages), from two
publications. All the prose is original, written for these tests.

What the tests rely on:

* one story (a tram line) in three versions: an HTML page, a WordPress post and a plain-text copy
  wrapped in website debris, with the same body, so the duplicate detector groups them;
* two different stories on one topic (dredging the harbour), worded differently: "related";
* rare words and odd tokens, each in one document only: ``hydroelectric``, ``Zürich``,
  ``COVID-19``, ``G7``, ``U.S.``;
* dates in 2022-11, 2023-05 and 2023-06 (several days) and 2024-01, and two undated documents
  (plain text carries no date).

:data:`NEWS_DOCS` states, for every document, the metadata the app must find in its file; the
tests compare the index with it. WordPress posts have no site name, so their site is their host.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Literal

HARBOUR = "Harbour Times"
VALLEY = "Valley Courier"
HARBOUR_HOST = "harbourtimes.example"
VALLEY_HOST = "valleycourier.example"
OKONKWO = "Mara Okonkwo"
LINDQVIST = "Tomas Lindqvist"
RAMAN = "Priya Raman"


@dataclass(frozen=True, slots=True)
class NewsDoc:
    """One document of the corpus, and the metadata the app must extract from its file."""

    source: str  # path relative to the corpus folder
    format: Literal["html", "wordpress", "text"]
    title: str
    paragraphs: tuple[str, ...]
    site: str | None = None  # the site facet's value
    author: str | None = None
    categories: tuple[str, ...] = ()
    published: date | None = None
    #: What the file says about the time of day (ISO 8601), for WordPress posts' ``date_gmt``.
    time_of_day: str = ""

    @property
    def month(self) -> str | None:
        return f"{self.published:%Y-%m}" if self.published else None

    @property
    def year(self) -> str | None:
        return f"{self.published:%Y}" if self.published else None

    @property
    def body_words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


# --- the story in three versions --------------------------------------------------------------

TRAM_TITLE = "Council backs tram line to the eastern docks"
TRAM_WP_TITLE = "Tram line to the eastern docks wins council backing"
TRAM_BODY = (
    "The city council voted on Tuesday evening to build a tram line linking the central station with the eastern "
    "docks, ending a debate that has run for almost a decade.",
    "Councillors approved the scheme by twenty-six votes to nine after a four-hour meeting in which residents of the "
    "dock district packed the public gallery. The line will run for six kilometres, with eleven stops, and is "
    "expected to carry about fourteen thousand passengers a day once it opens.",
    "Construction is due to begin next spring and should take three years. The council will borrow most of the "
    "money, while the regional transport fund has promised a further grant towards a new depot beside the old "
    "goods yard.",
    "Opponents argued that the cost would squeeze spending on libraries and road repairs. Supporters said the tram "
    "would bring new jobs to the waterfront and cut traffic on the ring road, where queues stretch for kilometres "
    "every morning.",
)

#: Website furniture around the plain-text copy: none of it may end up in the document.
TRAM_TEXT_DEBRIS = (
    "Home > News > Politics",
    "SHARE",
    "Facebook Twitter WhatsApp Email",
    "Advertisement",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "© 2023 Harbour Times. All rights reserved.",
)

NEWS_DOCS: dict[str, NewsDoc] = {
    "tram_html": NewsDoc(
        source="harbour/tram-line.html",
        format="html",
        title=TRAM_TITLE,
        paragraphs=TRAM_BODY,
        site=HARBOUR,
        author=RAMAN,
        categories=("Politics",),
        published=date(2023, 5, 17),
    ),
    "tram_wp": NewsDoc(
        source="valley/wp/tram-line.json",
        format="wordpress",
        title=TRAM_WP_TITLE,
        paragraphs=TRAM_BODY,
        site=VALLEY_HOST,
        author=RAMAN,
        categories=("Politics",),
        published=date(2023, 5, 18),
        time_of_day="10:00:00",
    ),
    "tram_text": NewsDoc(
        source="copies/tram-line.txt",
        format="text",
        title=TRAM_TITLE,
        paragraphs=TRAM_BODY,
    ),
    # --- two stories on one topic, told differently ------------------------------------------
    "dredging_html": NewsDoc(
        source="harbour/dredging-plan.html",
        format="html",
        title="Port authority unveils plan to dredge the harbour channel",
        paragraphs=(
            "The port authority has published a plan to dredge the main harbour channel, removing around four "
            "hundred thousand cubic metres of silt that has built up since the last works in 2009.",
            "Officials said the channel had become too shallow for the larger container vessels now calling at the "
            "port, which must wait for high tide before entering. Dredging would restore a depth of twelve metres "
            "at all states of the tide.",
            "The work would take about eighteen months. Spoil would be carried by barge to a licensed disposal site "
            "offshore, and the authority promised to monitor water quality throughout.",
            "The plan now goes to public consultation, with a final decision expected in the autumn.",
        ),
        site=HARBOUR,
        author=OKONKWO,
        categories=("Politics",),
        published=date(2023, 6, 12),
    ),
    "dredging_wp": NewsDoc(
        source="valley/wp/dredging-fears.json",
        format="wordpress",
        title="Fishermen fear silt as dredgers prepare to deepen the harbour",
        paragraphs=(
            "Inshore fishermen say they are worried about the port's proposal to deepen the harbour channel, "
            "warning that clouds of disturbed silt could smother the mussel beds along the estuary.",
            "The dredgers would work day and night, and skippers fear they will lose access to their moorings "
            "during the busiest months of the season. “We have nothing against bigger ships, but nobody asked us,” "
            "said the chair of the local fishing association.",
            "An environmental assessment commissioned by the port authority concludes that the effect on shellfish "
            "would be temporary. Campaigners want an independent study of the seabed before any dredging begins, "
            "and plan to raise their objections during the consultation.",
        ),
        site=VALLEY_HOST,
        author=LINDQVIST,
        categories=("Politics",),
        published=date(2023, 6, 13),
        time_of_day="09:15:00",
    ),
    # --- rare words and odd tokens -------------------------------------------------------------
    "hydro_html": NewsDoc(
        source="valley/mill-weir.html",
        format="html",
        title="Old mill weir to become a small power station",
        paragraphs=(
            "An old mill weir on the river above the town is to become a small hydroelectric station, after "
            "engineers found that the flow is strong enough to power around three hundred homes.",
            "The community energy cooperative behind the project plans to install two turbines in the former mill "
            "race, leaving the historic stone weir untouched. A fish pass will be built alongside so that salmon "
            "and eels can still move upstream.",
            "Members of the cooperative will be able to buy shares from next month. The scheme has received "
            "planning permission and should start producing electricity by the end of the year.",
        ),
        site=VALLEY,
        author=LINDQVIST,
        categories=("Science",),
        published=date(2024, 1, 9),
    ),
    "zurich_wp": NewsDoc(
        source="harbour/wp/climbers.json",
        format="wordpress",
        title="Two young climbers reach the final in Zürich",
        paragraphs=(
            "Two climbers from the town's indoor wall have reached the final of the European youth bouldering "
            "championship in Zürich, the first time the club has sent anyone beyond the qualifying rounds.",
            "Both fifteen-year-olds trained three evenings a week through the summer, often after school. Their "
            "coach said the problems set in Zürich were steeper than anything at home, but the pair adapted "
            "quickly during practice.",
            "The final takes place on Sunday afternoon and will be streamed live on the championship's website. "
            "Club members are organising a screening at the climbing centre.",
        ),
        site=HARBOUR_HOST,
        author=OKONKWO,
        categories=("Sport",),
        published=date(2022, 11, 5),
        time_of_day="14:00:00",
    ),
    "g7_html": NewsDoc(
        source="harbour/health-ministers.html",
        format="html",
        title="Health ministers weigh the lessons of the pandemic",
        paragraphs=(
            "Health ministers from the G7 met this week to review what their countries learned from the COVID-19 "
            "pandemic and how they could respond faster to the next outbreak.",
            "The ministers agreed to share genetic sequencing data within days of detecting a new virus and to "
            "build up stocks of protective equipment. The U.S. delegation proposed a joint fund for vaccine "
            "factories in poorer regions, an idea that several European members welcomed cautiously.",
            "Scientists attending the meeting warned that surveillance networks set up during COVID-19 are already "
            "being cut back as budgets tighten. A final communiqué is due to be published on Friday.",
        ),
        site=HARBOUR,
        author=RAMAN,
        categories=("Science",),
        published=date(2023, 6, 2),
    ),
    # --- the rest of the news --------------------------------------------------------------------
    "cup_html": NewsDoc(
        source="valley/cup-final.html",
        format="html",
        title="Valley Rovers lift the county cup on penalties",
        paragraphs=(
            "Valley Rovers won the county cup on Saturday, beating Northgate Athletic on penalties after a goalless "
            "final watched by more than two thousand supporters.",
            "The match was played on a frozen pitch that had been cleared of snow only hours before kick-off. "
            "Chances were rare: Rovers hit the post in the first half and the Athletic striker missed an open goal "
            "in extra time.",
            "Goalkeeper Sam Whitford saved two penalties in the shoot-out. It is the club's first trophy in eleven "
            "years, and the players paraded the cup through the town centre on Sunday morning.",
        ),
        site=VALLEY,
        author=LINDQVIST,
        categories=("Sport",),
        published=date(2024, 1, 21),
    ),
    "regatta_wp": NewsDoc(
        source="harbour/wp/regatta.json",
        format="wordpress",
        title="Rowing regatta returns to the harbour after four years",
        paragraphs=(
            "The rowing club's summer regatta returned to the harbour on Saturday for the first time in four years, "
            "with more than sixty crews racing over a five-hundred-metre course inside the breakwater.",
            "Calm water and a light breeze made for fast times. The home club won the coastal fours and the junior "
            "sculls, while visitors from across the bay took the mixed doubles.",
            "Organisers said the event had been held upriver while the breakwater was repaired, and thanked the "
            "volunteers who laid the buoys and ran the safety boats all day.",
        ),
        site=HARBOUR_HOST,
        author=OKONKWO,
        categories=("Sport",),
        published=date(2023, 5, 28),
        time_of_day="16:30:00",
    ),
    "bees_html": NewsDoc(
        source="valley/honeybees.html",
        format="html",
        title="Inside the hive: the long wait for spring",
        paragraphs=(
            "Beekeepers in the valley say honeybees survive the cold months by forming a cluster: thousands of "
            "workers pack tightly around the queen and shiver their flight muscles to keep the centre of the hive "
            "warm.",
            "A colony needs about twenty kilograms of stored honey to last until spring. Researchers at the "
            "agricultural college are weighing hives through the winter to learn how quickly the stores run down "
            "in mild and in freezing weather.",
            "Their early results suggest that wet winters, not cold ones, are the greater danger, because damp "
            "hives lose heat faster and mould spoils the stores.",
        ),
        site=VALLEY,
        author=RAMAN,
        categories=("Science",),
        published=date(2022, 11, 23),
    ),
    "budget_html": NewsDoc(
        source="valley/budget.html",
        format="html",
        title="Parking charges frozen in council budget",
        paragraphs=(
            "The council has frozen car parking charges for another year as part of a budget that also raises "
            "spending on adult social care and school transport.",
            "The council leader said higher charges would drive shoppers away from the high street at a difficult "
            "time for small businesses. To balance the books, the council will sell two empty office buildings and "
            "delay the refurbishment of the town hall.",
            "Opposition councillors called the freeze a short-term gesture and warned that reserves would be close "
            "to their legal minimum within two years. The budget passed by twenty-two votes to eighteen.",
        ),
        site=VALLEY,
        author=OKONKWO,
        categories=("Politics",),
        published=date(2023, 6, 20),
    ),
    "sensors_wp": NewsDoc(
        source="valley/wp/air-sensors.json",
        format="wordpress",
        title="Air-quality sensors to go up outside every primary school",
        paragraphs=(
            "Sensors that measure air quality are to be installed outside every primary school in the valley after "
            "a pilot found pollution above the recommended limit during the morning school run.",
            "The devices record fine particles and nitrogen dioxide every minute and publish the readings online. "
            "Parents in the pilot used the figures to argue for closing two streets to traffic at drop-off time.",
            "The scheme will cost less than one new bus shelter, officials said, and the data will be shared with "
            "university researchers studying the health of children living near busy roads.",
        ),
        site=VALLEY_HOST,
        author=LINDQVIST,
        categories=("Science", "Politics"),
        published=date(2024, 1, 15),
        time_of_day="08:45:00",
    ),
    "storm_text": NewsDoc(
        source="copies/storm-warning.txt",
        format="text",
        title="Storm warning for the coast this weekend",
        paragraphs=(
            "Forecasters have issued a warning for gales along the coast from Saturday night, with gusts of up to "
            "ninety kilometres an hour expected on exposed headlands.",
            "Ferries to the islands are likely to be cancelled on Sunday morning, and small boats have been advised "
            "to stay in port. Coastal paths may be closed where cliffs are unstable.",
            "The wind should ease by Monday afternoon, although heavy rain could bring flooding to low-lying roads "
            "near the estuary.",
        ),
    ),
}

#: The three versions of one story.
STORY = ("tram_html", "tram_wp", "tram_text")
#: Two stories on one topic, worded differently.
RELATED_PAIR = ("dredging_html", "dredging_wp")

_HOSTS = {HARBOUR: HARBOUR_HOST, VALLEY: VALLEY_HOST}
_NAMES = {HARBOUR_HOST: HARBOUR, VALLEY_HOST: VALLEY}


def _slug(doc: NewsDoc) -> str:
    return Path(doc.source).stem


def _html_page(doc: NewsDoc) -> str:
    assert doc.site is not None and doc.published is not None and doc.author is not None
    host = _HOSTS[doc.site]
    url = f"https://{host}/{doc.categories[0].lower()}/{_slug(doc)}"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": doc.title,
        "datePublished": doc.published.isoformat(),
        "author": {"@type": "Person", "name": doc.author},
        "publisher": {"@type": "Organization", "name": doc.site},
        "articleSection": list(doc.categories),
        "mainEntityOfPage": url,
    }
    paragraphs = "\n".join(f"        <p>{escape(p)}</p>" for p in doc.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>{escape(doc.title)} | {escape(doc.site)}</title>
  <meta property="og:title" content="{escape(doc.title)}">
  <meta property="og:site_name" content="{escape(doc.site)}">
  <meta property="og:type" content="article">
  <link rel="canonical" href="{url}">
  <script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body>
  <header class="masthead">
    <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/science">Science</a></nav>
  </header>
  <main>
    <article>
      <h1>{escape(doc.title)}</h1>
      <p class="byline">By {escape(doc.author)}</p>
      <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
      <div class="article-body">
{paragraphs}
        <div class="ad-slot">Advertisement</div>
      </div>
      <aside class="related-stories"><h3>Most read</h3><ul><li><a href="/x">Ferry fares rise again</a></li></ul></aside>
    </article>
  </main>
  <footer><p>© 2024 {escape(doc.site)}. All rights reserved.</p></footer>
</body>
</html>
"""


def _wordpress_post(doc: NewsDoc, post_id: int) -> str:
    assert doc.site is not None and doc.published is not None and doc.author is not None
    link = f"https://{doc.site}/{doc.published:%Y/%m/%d}/{_slug(doc)}/"
    content = "\n".join(f"<p>{escape(p)}</p>" for p in doc.paragraphs)
    content += '\n<div class="sharedaddy"><h3>Share this:</h3><ul><li>Facebook</li><li>X</li></ul></div>'
    terms = [
        [
            {"id": 10 + i, "name": name, "slug": name.lower(), "taxonomy": "category"}
            for i, name in enumerate(doc.categories)
        ],
        [{"id": 90, "name": "Local news", "slug": "local-news", "taxonomy": "post_tag"}],
    ]
    post = {
        "id": post_id,
        "date": f"{doc.published.isoformat()}T{doc.time_of_day}",
        "date_gmt": f"{doc.published.isoformat()}T{doc.time_of_day}",
        "guid": {"rendered": f"https://{doc.site}/?p={post_id}"},
        "modified": f"{doc.published.isoformat()}T{doc.time_of_day}",
        "slug": _slug(doc),
        "status": "publish",
        "type": "post",
        "link": link,
        "title": {"rendered": escape(doc.title, quote=False)},
        "content": {"rendered": content, "protected": False},
        "excerpt": {"rendered": f"<p>{escape(doc.paragraphs[0])}</p>", "protected": False},
        "author": 7,
        "categories": [t["id"] for t in terms[0]],
        "tags": [90],
        "_embedded": {
            "author": [{"id": 7, "name": doc.author, "slug": doc.author.lower().replace(" ", "-")}],
            "wp:term": terms,
        },
        "_links": {"self": [{"href": f"https://{doc.site}/wp-json/wp/v2/posts/{post_id}"}]},
    }
    return json.dumps(post, ensure_ascii=False, indent=1)


def _story_text_copy(doc: NewsDoc) -> str:
    """The story as copied out of a web page: breadcrumb, share bar, ads, comment form, footer."""
    crumbs, share, social, advert, reply, email_note, save, footer = TRAM_TEXT_DEBRIS
    lines = [crumbs, "", doc.title, "", share, social, advert, ""]
    for paragraph in doc.paragraphs[:2]:
        lines += [paragraph, ""]
    lines += [advert, ""]
    for paragraph in doc.paragraphs[2:]:
        lines += [paragraph, ""]
    lines += [reply, email_note, "Comment *", "Name *", "Email *", save, "", footer, ""]
    return "\n".join(lines)


def _plain_text(doc: NewsDoc) -> str:
    return "\n\n".join([doc.title, *doc.paragraphs]) + "\n"


def write_news_corpus(folder: Path) -> dict[str, NewsDoc]:
    """Write the corpus's files under ``folder``; returns what each document must be, by key."""
    for number, (key, doc) in enumerate(NEWS_DOCS.items(), 1):
        path = folder / doc.source
        path.parent.mkdir(parents=True, exist_ok=True)
        if doc.format == "html":
            text = _html_page(doc)
        elif doc.format == "wordpress":
            text = _wordpress_post(doc, 4800 + number)
        elif key == "tram_text":
            text = _story_text_copy(doc)
        else:
            text = _plain_text(doc)
        path.write_text(text, encoding="utf-8")
    return dict(NEWS_DOCS)


def publication(doc: NewsDoc) -> str | None:
    """The publication a document comes from (a WordPress post's site is its host)."""
    return _NAMES.get(doc.site or "", doc.site)
