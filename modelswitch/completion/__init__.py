"""Shell completion: the names it offers (`__names`), the scripts and their templates."""
