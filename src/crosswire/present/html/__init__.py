"""The HTML report and the web app: pages an analyst reads, built from the export's records."""
