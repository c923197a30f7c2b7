"""Region pages `/swv/<code>` and `/jeugdregio/<code>`: `page` registers them and draws the
frame (title, members, the 'Afspraken' section, the indicator picker); `overview` fills the
table of every indicator (region, country, members, their duiding) and its downloads;
`members` draws the bar chart of the members on one indicator."""
