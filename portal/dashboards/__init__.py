"""The dashboards: each gathers what several capabilities know (inspections, Annex A, monitoring
reports, published reports, alerts) into one page for a role. Part of the composition layer, so
the capabilities below never import each other for a page."""
