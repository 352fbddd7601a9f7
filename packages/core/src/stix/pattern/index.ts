// The STIX 2.1 patterning parser lives here (issue 5).
export {};
