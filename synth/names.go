package synth

import (
	"math/rand/v2"
	"strings"
)

// firstNames and lastNames are common given names and surnames in the
// United States, from which staff names are drawn.
func firstNames() []string {
	return strings.Fields(`James Mary Robert Patricia John Jennifer Michael
		Linda David Elizabeth William Barbara Richard Susan Joseph Jessica
		Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew
		Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly
		Andrew Emily Kenneth Donna Joshua Michelle Kevin Carol Brian Amanda
		George Melissa Timothy Deborah Ronald Stephanie Jason Rebecca Edward
		Sharon Jeffrey Laura Ryan Cynthia Jacob Amy Gary Kathleen Nicholas
		Angela Eric Shirley Jonathan Brenda Stephen Emma Larry Anna Justin
		Pamela Scott Nicole Brandon Samantha Benjamin Katherine Samuel
		Christine Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet
		Raymond Maria Jack Olivia Dennis Heather Jerry Helen Tyler Catherine
		Aaron Diane Jose Julie Adam Victoria Nathan Joyce Henry Lauren Zachary
		Kelly Douglas Christina Peter Ruth Kyle Joan Noah Virginia Ethan Judith
		Jeremy Evelyn Christian Hannah Walter Andrea Keith Megan Austin Cheryl
		Roger Jacqueline Terry Madison Sean Teresa Gerald Abigail Carl Sophia
		Dylan Martha Harold Sara Jordan Gloria Jesse Janice Bryan Kathryn
		Lawrence Ann Arthur Isabella Gabriel Judy Bruce Charlotte Logan Julia
		Billy Grace Joe Amber Alan Alice Juan Jean Elijah Denise Willie Frances
		Albert Danielle Wayne Marilyn Randy Natalie Mason Beverly Vincent Diana
		Liam Brittany Roy Theresa Bobby Kayla Caleb Alexis Bradley Doris
		Russell Lori Lucas Tiffany Keisha Malik Jamal Aisha Tamika DeShawn
		Imani Xavier Latoya Andre Ebony Darnell Yolanda Marcus Precious Luis
		Carmen Carlos Rosa Miguel Lucia Jorge Ana Pedro Sofia Diego Valeria
		Wei Mei Hiroshi Yuki Min Ji Priya Arjun Anjali Ravi Fatima Omar Amina
		Tariq Nguyen Linh Duc Kwame Ama Chinedu Ngozi`)
}

func lastNames() []string {
	return strings.Fields(`Smith Johnson Williams Brown Jones Garcia Miller
		Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson
		Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
		Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright
		Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera
		Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz
		Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook
		Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard
		Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett
		Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers
		Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell
		Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero
		Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace
		Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar
		Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald
		Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker
		Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva
		Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black
		Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt
		Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne
		Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters
		Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson
		Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman
		Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence
		Sandoval Okafor Mensah Singh Shah Wang Li Zhang Liu Yamamoto Tanaka
		Park Choi Pham Ali Hassan Ibrahim Abdi Osei Adeyemi`)
}

// placeNames are the first words of school names.
func placeNames() []string {
	return strings.Fields(`Oak Maple Cedar Pine Willow Birch Magnolia Dogwood
		Hickory Sycamore Laurel Aspen Elm Cypress River Lake Brook Spring
		Meadow Valley Ridge Hill Park Grove Forest Harbor Bay Summit Fairview
		Lakeside Riverside Westside Eastside Northside Southside Central
		Highland Lincoln Washington Jefferson Roosevelt Kennedy Franklin
		Douglass Tubman Carver Parks King Hughes Morrison Angelou Bethune
		Marshall Chavez Clemente Earhart Edison Einstein Curie Keller Mann
		Dewey Hamilton Madison Monroe Jackson Adams Garfield Grant Hayes
		Coleman Hope Liberty Unity Harmony Heritage Pioneer Frontier Horizon
		Discovery Gateway Crossroads Cornerstone Beacon Compass Bridge`)
}

// placeKinds are the middle words of school names.
func placeKinds() []string {
	return []string{"", "", "", "Park", "Hills", "Heights", "Creek",
		"Grove", "Village", "Springs", "Road", "Avenue"}
}

// namer draws names of people and schools.
type namer struct {
	first, last, place, kind []string
}

func newNamer() *namer {
	return &namer{first: firstNames(), last: lastNames(),
		place: placeNames(), kind: placeKinds()}
}

// person returns a first and last name.
func (n *namer) person(r *rand.Rand) (string, string) {
	return n.first[r.IntN(len(n.first))], n.last[r.IntN(len(n.last))]
}

// school returns a name for a school of level l.
func (n *namer) school(r *rand.Rand, l level) string {
	name := n.place[r.IntN(len(n.place))]
	if kind := n.kind[r.IntN(len(n.kind))]; kind != "" {
		name += " " + kind
	}
	return name + " " + [...]string{"Elementary School", "Middle School",
		"High School"}[l]
}
