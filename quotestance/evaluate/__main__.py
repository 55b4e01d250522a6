from .polnear import main

main()
