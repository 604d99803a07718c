"""Hostile input: what a class of students may paste into a box or a link.

``TEXTS`` are strings for every text box and every URL parameter; ``NUMBERS`` are values a
number box may be sent (a browser keeps them in range, a hand-made websocket message need
not); ``QUERIES`` are whole query strings, written as a browser would send them
(percent-encoding tricks, repeated and unknown parameters). The page tests feed them to
every page (``tests/app/test_hostile_pages.py``, ``tests/e2e/test_hostile_e2e.py``).
"""

from __future__ import annotations

import math

TEXTS: dict[str, str] = {
    "empty": "",
    "space": " ",
    "spaces": " " * 300,
    "long_10k": "ab" * 5_000,
    "long_hangul_10k": "가" * 10_000,
    "nul": "he\x00llo",
    "only_nul": "\x00",
    "controls": "a\x01\x02\x07\x08\x1b[31mred\x1b[0m\x7f\x9f",
    "newlines": "line1\nline2\r\nline3\rline4",
    "tabs": "\ta\tb\t",
    "rtl_marks": "\u202eolleh\u202c \u200fabc\u200e",
    "bidi_isolates": "\u2066abc\u2069\u2067def\u2069",
    "zero_width": "h\u200be\u200cl\u200dl\ufeffo",
    "zwj_family": "👨\u200d👩\u200d👧\u200d👦",
    "flags": "🇰🇷🇺🇸🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "skin_tones": "👍🏻👍🏽👍🏿🧑🏾\u200d💻",
    "hangul_jamo": "\u1100\u1161\u11a8\u1102\u1162",  # 각, 내 as combining jamo
    "hangul_compat": "ㅎㅏㄴㄱㅡㄹ",
    "combining_marks": "e\u0301\u0301\u0301a\u0308\u20dd",
    "zalgo": "h" + "\u0336\u0337\u0338" * 40 + "i",
    "surrogate_like": "\ud7ff\ue000\uffff",
    "script": "<script>alert(1)</script>",
    "img_onerror": "<img src=x onerror=alert(1)>",
    "svg_onload": "<svg onload=alert(1)><circle r=9></svg>",
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "style": "<style>*{background:red!important}</style>",
    "attr_break": '" onmouseover="alert(1)" x="',
    "single_quote_break": "' onfocus='alert(1)' autofocus='",
    "cdata": "]]><![CDATA[<b>x</b>",
    "plotly_link": '<a href="http://evil.example/">x</a><br><sub>s</sub>',
    "javascript_link": "javascript:alert(1)",
    "md_js_link": "[click](javascript:alert(1))",
    "md_image": "![x](http://evil.example/x.png)",
    "md_autolink": "<http://evil.example/>",
    "md_ref_link": "[x][1]\n\n[1]: http://evil.example/",
    "md_heading": "# big\n---\n* list",
    "md_emphasis": "**bold** _it_ ~~del~~ `code`",
    "md_html_comment": "<!-- hidden -->visible",
    "st_directives": ":red[red] :material/home: :smile: :rainbow-background[x]",
    "latex_def": r"\def\x{\x}\x",
    "latex_href": r"\href{javascript:alert(1)}{click}",
    "latex_dollars": "$$\\frac{1}{0}$$ $x$",
    "latex_backslashes": "\\\\ \\ \\n \\begin{array}",
    "latex_url": r"\url{http://evil.example}",
    "html_entities": "&lt;b&gt; &amp; &#60;script&#62; &#x3C; &nbsp;",
    "percent_text": "%3Cscript%3E %00 %ZZ %",
    "format_braces": "{0} {name} {{x}} %s %(x)s",
    "sql": "'; DROP TABLE students; --",
    "path": "../../../../etc/passwd",
    "url": "http://evil.example/?a=1&b=2",
    "bare_links": "see https://evil.example/x, www.evil.example or me@evil.example",
    "number_nan": "NaN",
    "number_inf": "inf",
    "number_neg_inf": "-Infinity",
    "number_huge": "1" + "0" * 400,
    "number_neg": "-5",
    "number_float": "3.7",
    "number_exp": "1e308",
    "number_hex": "0x10",
    "number_underscore": "1_000",
    "number_unicode_digits": "١٢٣",
    "number_fullwidth": "１２",
    "choice_case": "TRAINED",
    "lone_backslash": "\\",
    "unicode_max": "\U0010ffff",
}
"""Every hostile string, by name (the name is the test's id)."""

NUMBERS: tuple[float, ...] = (-1, 0, -(2**63), 2**63, 10**30, math.nan, math.inf, -math.inf, 1e308, 0.5)
"""Values a number box may receive from a hand-made message instead of the browser."""

QUERIES: dict[str, str] = {
    "repeated": "seq=a&seq=b&seq=%3Cscript%3E&t=1&t=999",
    "unknown": "evil=%3Cscript%3Ealert(1)%3C/script%3E&__proto__=x&constructor=1",
    "empty_values": "seq=&t=&hidden=&lang=",
    "no_value": "seq&t&lang",
    "double_encoded": "seq=%253Cscript%253Ealert(1)%253C%252Fscript%253E",
    "encoded_nul": "seq=a%00b&t=%00",
    "bad_percent": "seq=%ZZ%G0%&t=%",
    "overlong_utf8": "seq=%C0%BC%C0%BEscript",
    "lone_surrogate": "seq=%ED%A0%80",
    "plus_and_space": "seq=a+b%20c%2Bd",
    "img": "seq=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&text=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
           "&signal=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "md_image": "seq=!%5Bx%5D(http%3A%2F%2Fevil.example%2Fx.png)&text=!%5Bx%5D(http%3A%2F%2Fevil.example%2Fx.png)"
                "&q=!%5Bx%5D(http%3A%2F%2Fevil.example%2Fx.png)",
    "numbers_out_of_range": "t=-1&hidden=100000&layers=0&seed=-5&T=1e9&steps=99999999999999999999&lr=1e300"
                            "&temp=-inf&fbias=nan&scale=0&dropout=2&input_size=-3&hidden_size=1e5&num_layers=NaN",
    "nan_everywhere": "t=NaN&hidden=NaN&layers=NaN&seed=NaN&T=NaN&steps=NaN&lr=NaN&temp=NaN&fbias=NaN&scale=NaN",
    "inf_everywhere": "t=inf&hidden=inf&seed=-inf&T=Infinity&lr=inf&temp=inf&fbias=-Infinity&scale=inf",
    "huge_length": "seq=" + "x" * 5_000 + "&text=" + "y" * 5_000 + "&q=" + "z" * 5_000,
    "bad_choices": "weights=%3Cscript%3E&cell=transformer&opt=../etc&lang=fr&stage=%00&fw=jax&term=__init__",
    "lang_script": "lang=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "javascript_values": "seq=javascript%3Aalert(1)&text=javascript%3Aalert(1)&q=javascript%3Aalert(1)",
    "latex": "seq=%5Cdef%5Cx%7B%5Cx%7D%24%24&text=%5Chref%7Bjavascript%3Aalert(1)%7D%7Bx%7D&q=%24%24%5C%5C",
    "emoji_zwj": "seq=%F0%9F%91%A8%E2%80%8D%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7&text=%F0%9F%87%B0%F0%9F%87%B7",
    "rtl": "seq=%E2%80%AEolleh&text=%E2%80%8Fabc&q=%E2%80%AE",
}
"""Whole query strings (after a page's path and ``?``), as a browser sends them."""
