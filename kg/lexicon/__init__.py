"""World knowledge kg ships: states, organisations, minerals, offices, people; name and date handling."""
