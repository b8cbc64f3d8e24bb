# Alembic reads env.py, script.py.mako and the revision scripts from disk, so they travel as data files
# (source included) next to the frozen modules; Alembic's proxy modules are imported by those scripts only.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("countyadmin.db.migrations", include_py_files=True)
hiddenimports = ["alembic.op", "alembic.context", "alembic.runtime.migration", "alembic.ddl.sqlite",
                 "alembic.ddl.postgresql", "alembic.ddl.mysql", "logging.config"]
