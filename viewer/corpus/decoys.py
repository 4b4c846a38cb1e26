"""What work screens show that is NOT sensitive: vendors and products named as chrome or public facts, public
URLs and repositories, sample code, versions and dates that are not birthdays. Decoy screens are built only
from these; sensitive screens mix them in so that detectors meet them next to real values.
"""

from __future__ import annotations

import random

VENDORS = ["Slack", "GitHub", "GitLab", "Atlassian", "Jira", "Confluence", "Notion", "Google Workspace",
           "Microsoft 365",
           "Zoom", "Datadog", "Sentry", "PagerDuty", "Stripe", "AWS", "Cloudflare", "Salesforce", "HubSpot",
           "Zendesk", "Linear", "Figma", "Docker", "Kubernetes", "PostgreSQL", "Terraform", "Grafana", "Bitwarden"]
PRODUCTS = ["Python 3.13", "Node.js 22", "React 19", "Ubuntu 24.04 LTS", "Chrome 131", "Postgres 17", "Redis 7.4",
            "Kafka 3.8", "Terraform 1.9", "Go 1.23", "Rust 1.83", "TypeScript 5.6", "nginx 1.27", "OpenSSL 3.3"]
PUBLIC_URLS = ["https://docs.python.org/3/library/asyncio.html", "https://www.postgresql.org/docs/17/",
               "https://developer.mozilla.org/en-US/docs/Web/CSS/grid", "https://kubernetes.io/docs/home/",
               "https://pypi.org/project/requests/", "https://www.rust-lang.org/learn", "https://go.dev/doc/",
               "https://en.wikipedia.org/wiki/Unicode", "https://status.slack.com/", "https://www.githubstatus.com/",
               "https://semver.org/", "https://www.w3.org/TR/WCAG22/", "https://12factor.net/config"]
PUBLIC_REPOS = ["python/cpython", "numpy/numpy", "pandas-dev/pandas", "torvalds/linux", "rust-lang/rust",
                "kubernetes/kubernetes", "django/django", "nodejs/node", "golang/go", "psf/requests"]
BOTS = ["GitHub", "Jenkins", "Dependabot", "Sentry", "PagerDuty", "Datadog", "Release Bot", "CI"]
PUBLIC_CHANNELS = ["#general", "#random", "#announcements", "#help-desk", "#engineering", "#deploys", "#incidents",
                   "#til", "#design", "#releases"]
TOPICS = ["Upgrade the build to Python 3.13", "Flaky test in the retry logic", "Cache warm-up after deploy",
          "Move CI to the larger runners", "Dark mode contrast fixes", "Rate limiter returns 429 too early",
          "Document the release checklist", "Bump dependencies for the quarterly patch", "Search index rebuild",
          "Pagination off by one on the last page", "Add retries to the webhook sender", "Timezone handling in reports"]
SENTENCES = ["The nightly build passed on all platforms.", "Release notes are up for v4.2.0.",
             "Maintenance window is on Saturday 02:00-04:00 UTC.", "Latency went back to normal after the rollback.",
             "Please review the checklist before the code freeze on 2025-06-12.",
             "The new dashboard shows p95 latency per region.", "We moved the docs to the new theme.",
             "Coverage is at 87% after the refactor.", "Tests take 6 minutes on the new runners.",
             "Reminder: retro on Thursday at 15:00.", "The migration ran in 42 s on staging.",
             "Docker images are now built for arm64 too.", "Sprint 48 ends on March 14.",
             "Upgrade guide: https://docs.python.org/3/whatsnew/3.13.html", "Benchmarks improved by 12% on 1.9.2."]
CODE = ['def retry(fn, attempts=3):', '    for n in range(attempts):', '        try:', '            return fn()',
        '        except TimeoutError:', '            time.sleep(2 ** n)', 'SELECT id, created_at FROM orders',
        'WHERE created_at > now() - interval \'7 days\';', 'const total = items.reduce((a, b) => a + b.price, 0);',
        'for (let i = 0; i < rows.length; i++) {', 'if err != nil { return fmt.Errorf("read: %w", err) }',
        'import numpy as np', 'x = np.linspace(0, 1, 101)', 'assert parse("2024-03-14").year == 2024']
SHELL = ["pip install -r requirements.txt", "pytest -q tests/test_api.py", "docker compose up -d db",
         "kubectl get pods -n staging", "terraform plan -out plan.tfplan", "npm run build", "make lint",
         "git log --oneline -5", "git status", "ls -la", "curl -sI https://pypi.org/simple/", "python -V",
         "git clone https://github.com/psf/requests.git", "cargo test --release", "go test ./..."]
SHELL_OUT = ["12 passed in 3.41s", "Successfully installed requests-2.32.3", "Container db  Started",
             "NAME                     READY   STATUS    RESTARTS   AGE",
             "web-7c9f8d6b5-x2kqp      1/1     Running   0   3h",
             "Plan: 2 to add, 0 to change, 0 to destroy.", "Compiled successfully in 8.2s", "Python 3.13.1",
             "On branch main", "nothing to commit, working tree clean", "HTTP/2 200", "ok   ./internal/cache 0.41s",
             "a1b2c3d Fix pagination off by one", "9f8e7d6 Bump pillow to 11.0.0", "Finished release in 41.7s"]
DATES = ["2025-06-12", "Mar 14", "Tue 10:30", "14:05", "yesterday", "Nov 3, 2024", "2024-11-05 09:12", "Q3 2025",
         "12/03/2024", "Sprint 48"]
LABELS = ["bug", "infra", "docs", "p2", "backend", "frontend", "ci", "good first issue", "security", "performance"]


def pick(rng: random.Random, pool: list[str], k: int = 1) -> list[str]:
    return rng.sample(pool, k=min(k, len(pool)))
