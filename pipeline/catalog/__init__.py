"""The metric catalogue (metrics.toml) and the mapping of figures onto it: recognition, observations,
and the figures left unmapped."""
from pipeline.catalog.catalogue import Catalogue, Metric, Rule, load_catalogue
from pipeline.catalog.observations import OBSERVATION_COLUMNS, map_figures_to_observations
from pipeline.catalog.recognise import figure_links, link_figures, unmapped_figure_ids, unmapped_verdict

__all__ = ["Catalogue", "Metric", "Rule", "load_catalogue", "map_figures_to_observations", "figure_links",
           "link_figures", "unmapped_figure_ids", "unmapped_verdict", "OBSERVATION_COLUMNS"]
