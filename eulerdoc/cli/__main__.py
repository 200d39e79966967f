from eulerdoc.cli import run

run()
