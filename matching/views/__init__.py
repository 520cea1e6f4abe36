"""The pages of matching: staff curation and rescores (`staff`), the parties' introductions (`parties`), and the
staff dashboard with its charts and exports (`dashboard`, `charts`)."""
