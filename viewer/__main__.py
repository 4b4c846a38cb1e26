from viewer.cli import main

main()
