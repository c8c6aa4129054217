from modelswitch.cli import main

raise SystemExit(main())
