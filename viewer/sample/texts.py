"""Canned content for the synthetic apps: articles, notes, chats, shop items and terminal output."""

from __future__ import annotations

ARTICLES = [
    {
        "site": "The Weekend Baker", "domain": "weekendbaker.blog", "color": (176, 96, 40),
        "title": "Why your sourdough is flat (and how to fix it)",
        "byline": "By Clara Whitfield - 9 min read",
        "paragraphs": [
            "A flat loaf is the most common complaint we hear from new bakers, and it almost never has a "
            "single cause. Usually the starter is not quite ready, the dough is underproofed, or the "
            "shaping did not build enough surface tension to hold the gas in.",
            "Start with the starter. Feed it twelve hours before you mix, keep it somewhere warm, and use "
            "it when it has at least doubled and smells pleasantly sour rather than sharp. A spoonful "
            "dropped into water should float.",
            "Bulk fermentation is where most loaves are won or lost. Go by the dough, not the clock: you "
            "want it about fifty percent bigger, domed at the edges, with a few bubbles on the surface "
            "and along the sides of the container.",
            "When you shape, drag the dough towards you on an unfloured part of the counter. The friction "
            "tightens the outer skin. If the dough tears, let it rest for ten minutes and try again.",
            "Finally, bake hot. Preheat the pot for a full forty-five minutes, score decisively, and keep "
            "the lid on for the first twenty minutes so the steam can do its work.",
            "Keep a short log of every bake: flour, water temperature, times and how the crumb looked. "
            "After five or six loaves the pattern is usually obvious.",
        ],
    },
    {
        "site": "Field Notes", "domain": "fieldnotes.org", "color": (38, 110, 90),
        "title": "A beginner's guide to birdwatching in the city",
        "byline": "By Tomas Reyes - 7 min read",
        "paragraphs": [
            "You do not need a forest to watch birds. A park, a cemetery or even a balcony with a feeder "
            "will show you dozens of species over a year if you know when and where to look.",
            "Early morning is best. Birds are most active in the first two hours after sunrise, when they "
            "feed after the night and sing to defend their territory.",
            "Learn a handful of common birds really well before chasing rarities. Knowing the sparrow, "
            "the starling and the blackbird by shape and song makes everything else stand out.",
            "A pair of 8x42 binoculars is the only gear you need at first. Keep a notebook, write down "
            "what you saw and where, and note anything you could not identify.",
            "Water attracts birds in every season. Ponds, canals and even puddles after rain are worth a "
            "slow walk, especially during spring and autumn migration.",
            "Finally, be patient and quiet. Stand still for five minutes and the birds will come back.",
        ],
    },
]

PRODUCTS = [
    ("Trail Runner 3 - Ocean Blue", 89.95), ("Merino Crew Sweater", 74.00),
    ("Insulated Water Bottle 750 ml", 29.50), ("Noise-cancelling Earbuds", 129.00),
    ("Canvas Weekender Bag", 112.00),
]
SHOPS = [("Northpeak Outfitters", "northpeak.shop", (32, 64, 120)),
         ("Kestrel & Co", "kestrelandco.com", (120, 40, 60))]
BANKS = [("Harbor Bank", "harborbank.com", (0, 82, 147)),
         ("Northwind Credit Union", "northwindcu.org", (20, 110, 70)),
         ("Acme Bank", "acmebank.com", (150, 30, 45))]

TRANSACTIONS = [("Grocery Market", "-54.20"), ("Salary ACME Corp", "+3,240.00"),
                ("Coffee Corner", "-4.80"), ("City Transit", "-2.75"), ("Rent June", "-1,150.00"),
                ("Streaming Service", "-12.99"), ("Pharmacy", "-18.35")]

NOTES = [
    ("Trip to Lisbon", "Flights land Thursday 14:35, take the metro red line to Saldanha. "
     "Book the tram 28 tour for Friday morning before the crowds. Dinner ideas: the fish place "
     "near the market, and the rooftop bar Ana recommended.\nPacking: adapter, light jacket, "
     "walking shoes, sunscreen."),
    ("Meeting notes", "Q3 planning with the platform team. We agreed to move the billing service "
     "to the new cluster before the end of August. Risks: the nightly export job and the old "
     "invoice templates.\nAction items: Priya drafts the migration plan, I check the alert "
     "thresholds, Lukas talks to finance about the cut-over date."),
    ("Weekend", "Saturday: farmers market early, then fix the bike brakes. Call mum in the "
     "afternoon. Sunday: long run along the river, meal prep for the week, finish the book for "
     "the club on Tuesday."),
]

CHATS = [
    ("Alex Moreno", [
        (False, "hey, did you hear back from the doctor?"),
        (True, "yes, the results came in this morning"),
        (False, "and??"),
        (True, "they want to do another scan next week, probably nothing but I'm a bit nervous"),
        (False, "that's completely understandable. want me to come with you?"),
    ], "that would mean a lot. it's Tuesday at 9:40, St. Mary's clinic"),
    ("Sam Okafor", [
        (False, "Can we talk about the rent tonight?"),
        (True, "sure, what's up"),
        (False, "I'm short this month, the car repair was 900. could you cover my half until the 15th?"),
        (True, "ok. I can send it tomorrow"),
        (False, "thank you, I'll pay you back as soon as my paycheck lands"),
    ], "no worries. my account is the usual one, just send it back when you can"),
    ("Nina Keller", [
        (False, "I told my manager I'm leaving"),
        (True, "wow. how did it go??"),
        (False, "better than expected. please don't tell anyone yet, the offer isn't signed"),
        (True, "of course, my lips are sealed"),
    ], "congrats!! let's celebrate when it's official, dinner on me"),
]
FOLLOW_UPS = [  # (incoming, reply) when a chat is opened again
    ("are you around later?", "yes, after 6. call me"),
    ("did you see my last message?", "sorry, busy day. yes, all good"),
    ("thanks again, really", "anytime :)"),
]
OTHER_CONTACTS = [("Mom", "Call me when you land"), ("Priya Raman", "Quote for Kovex GmbH"),
                  ("Dentist", "Reminder: appointment Tue 9:40"), ("Chris Whitfield", "haha yes")]
# what the chat shows that names someone: (text, kind) in the sidebar and the header; truth.json lists each
NAMED_IN_CHAT = (("Priya Raman", "person"), ("Kovex GmbH", "organisation"), ("Chris Whitfield", "person"))

TERMINAL_OUTPUT = {
    "git status": ["On branch main", "Your branch is up to date with 'origin/main'.", "",
                   "Changes not staged for commit:", "        modified:   src/billing/export.py",
                   "        modified:   tests/test_export.py", ""],
    "ls": ["README.md  docker-compose.yml  pyproject.toml  scripts  src  tests"],
    "aws --version": ["aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-26-generic exe/x86_64.ubuntu.22"],
    "aws s3 ls": ["2023-11-02 09:14:02 invoices-archive", "2024-01-17 16:40:55 billing-exports-prod",
                  "2024-03-05 11:02:19 team-shared-assets"],
    "gh repo list --limit 3": ["acme/invoice-api      Billing and invoice export service   private",
                               "acme/infra            Terraform for the platform          private",
                               "acme/design-system    Shared UI components                public"],
    "python -m pytest -q": ["........................................                 [100%]",
                            "40 passed in 3.21s"],
}
