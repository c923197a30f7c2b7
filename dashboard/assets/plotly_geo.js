// The maps draw no base layer (`geo.visible` is false: only our own GeoJSON regions), yet
// plotly.js fetches its world base map (topojson/world_110m.json, 136 KB) before it draws any
// GeoJSON choropleth. It reads that map from window.PlotlyGeoAssets first: an empty topology
// there spares the fetch. A chart that shows land, coasts or countries would draw them empty,
// so keep `visible=False` (figures/levels.py); the static exports (kaleido) use the real file.
window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
window.PlotlyGeoAssets.topojson.world_110m = {type: "Topology", objects: {}, arcs: []};
