"""python -m xuncha"""

from .cli import main

main()
