"""Reading and writing the spreadsheets county staff exchange with CountyAdmin (no Qt, no network)."""
