/* Dutch texts for the Plotly charts (the toolbar's titles, its notices, the legend's hint),
   registered as Plotly locale "nl"; components/chart.py GRAPH_CONFIG sets locale "nl".
   plotly.js ships an "nl" locale with month names only (an empty dictionary), so the
   dictionary is written here; the keys are plotly.js's own English texts. Dash loads the app's
   assets before plotly.js, which registers every locale queued in window.PlotlyLocales when it
   starts (the same hand-over as plotly.js's dist/plotly-locale-*.js files). */
(function () {
    var locale = {
        moduleType: "locale",
        name: "nl",
        dictionary: {
            "Autoscale": "Automatisch schalen",
            "Box Select": "Rechthoek selecteren",
            "Lasso Select": "Vrij selecteren",
            "Compare data on hover": "Gegevens vergelijken bij aanwijzen",
            "Show closest data on hover": "Dichtstbijzijnde gegevens tonen bij aanwijzen",
            "Toggle show closest data on hover":
                "Dichtstbijzijnde gegevens bij aanwijzen aan/uit",
            "Toggle Spike Lines": "Hulplijnen aan/uit",
            "Double-click on legend to isolate one trace":
                "Dubbelklik op de legenda om één lijn apart te tonen",
            "Double-click to zoom back out": "Dubbelklik om weer uit te zoomen",
            "Download plot": "Grafiek opslaan",
            "Download plot as a PNG": "Grafiek opslaan als PNG",
            "Download plot as JSON": "Grafiek opslaan als JSON",
            "Image download succeeded": "Afbeelding opgeslagen",
            "JSON download succeeded": "JSON-bestand opgeslagen",
            "Preparing image - this may take a few seconds":
                "Afbeelding wordt gemaakt; dit kan enkele seconden duren",
            "Sorry, there was a problem downloading your image!":
                "Het opslaan van de afbeelding is mislukt.",
            "Sorry, there was a problem downloading your JSON file!":
                "Het opslaan van het JSON-bestand is mislukt.",
            "Draw line": "Lijn tekenen",
            "Draw open freeform": "Open vorm tekenen",
            "Draw closed freeform": "Gesloten vorm tekenen",
            "Draw rectangle": "Rechthoek tekenen",
            "Draw circle": "Cirkel tekenen",
            "Erase active shape": "Gekozen vorm wissen",
            "Orbital rotation": "Vrij draaien",
            "Turntable rotation": "Draaien om de as",
            "Pan": "Verschuiven",
            "Reset": "Beginweergave",
            "Reset axes": "Assen terugzetten",
            "Reset view": "Beginweergave",
            "Reset views": "Beginweergaven",
            "Reset camera to default": "Camera naar beginstand",
            "Reset camera to last save": "Camera naar laatst opgeslagen stand",
            "Zoom": "Zoomen",
            "Zoom in": "Inzoomen",
            "Zoom out": "Uitzoomen",
            "Produced with Plotly.js": "Gemaakt met Plotly.js",
            "trace": "lijn",
            "min:": "min.:",
            "max:": "max.:",
            "median:": "mediaan:",
            "mean:": "gemiddelde:",
            "lat:": "br.:",
            "lon:": "l.:"
        },
        format: {
            days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
                   "zaterdag"],
            shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
            months: ["januari", "februari", "maart", "april", "mei", "juni", "juli",
                     "augustus", "september", "oktober", "november", "december"],
            shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep",
                          "okt", "nov", "dec"],
            date: "%d-%m-%Y",
            decimal: ",",
            thousands: "."
        }
    };
    if (typeof window.Plotly !== "undefined" && window.Plotly.register) {
        window.Plotly.register(locale);
    } else {
        window.PlotlyLocales = window.PlotlyLocales || [];
        window.PlotlyLocales.push(locale);
    }
})();
